using Flock.Engine.Chains;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Services.Configuration;
using Nop.Services.Messages;
using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

/// <summary>
/// What chains need in nopCommerce: the schedule task "Flock: run chains" and one message template per message of the
/// ready scenarios (named <c>Flock.Chain.{chain}.{step}</c>, editable on nopCommerce's Message templates page, inserted
/// only where missing so an admin's edits survive an upgrade). Uninstall removes both by name and type.
/// </summary>
public class ChainInstaller
{
    protected readonly IMessageTemplateService _messageTemplateService;
    protected readonly IScheduleTaskService _scheduleTaskService;
    protected readonly ISettingService _settingService;

    public ChainInstaller(IMessageTemplateService messageTemplateService, IScheduleTaskService scheduleTaskService, ISettingService settingService)
    {
        _messageTemplateService = messageTemplateService;
        _scheduleTaskService = scheduleTaskService;
        _settingService = settingService;
    }

    public virtual async Task InstallAsync()
    {
        if (await _scheduleTaskService.GetTaskByTypeAsync(FlockDefaults.RunChainsTask.Type) is null)
            await _scheduleTaskService.InsertTaskAsync(new ScheduleTask
            {
                Enabled = true,
                StopOnError = false,
                LastEnabledUtc = DateTime.UtcNow,
                Name = FlockDefaults.RunChainsTask.Name,
                Type = FlockDefaults.RunChainsTask.Type,
                Seconds = FlockDefaults.RunChainsTask.PeriodSeconds
            });

        var emailAccountId = (await _settingService.LoadSettingAsync<EmailAccountSettings>()).DefaultEmailAccountId;
        foreach (var (name, subject, body) in Templates())
            if ((await _messageTemplateService.GetMessageTemplatesByNameAsync(name)).Count == 0)
                await _messageTemplateService.InsertMessageTemplateAsync(new MessageTemplate
                {
                    Name = name, Subject = subject, Body = body, IsActive = true, EmailAccountId = emailAccountId
                });
    }

    public virtual async Task UninstallAsync()
    {
        if (await _scheduleTaskService.GetTaskByTypeAsync(FlockDefaults.RunChainsTask.Type) is { } task)
            await _scheduleTaskService.DeleteTaskAsync(task);
        foreach (var template in await _messageTemplateService.GetAllMessageTemplatesAsync(0))
            if (template.Name.StartsWith(FlockDefaults.ChainTemplatePrefix, StringComparison.Ordinal))
                await _messageTemplateService.DeleteMessageTemplateAsync(template);
    }

    /// <summary>A default text per ready-scenario message: the scenario's purpose, a coupon where a coupon step came before, the unsubscribe link.</summary>
    public static IEnumerable<(string Name, string Subject, string Body)> Templates()
    {
        foreach (var scenario in ChainGallery.All)
        {
            var couponSoFar = false;
            foreach (var step in scenario.Chain.Steps)
            {
                if (step is CouponStep) couponSoFar = true;
                if (step is not SendStep send) continue;
                var coupon = couponSoFar ? "<p>Your personal code: <strong>%Flock.CouponCode%</strong> (one use).</p>" : "";
                var content = send.Id switch
                {
                    "accessories" => "<p>Goes well with what you bought:</p>%Flock.Accessories%",
                    "replacement" => "<p>Newer models of what you bought:</p>%Flock.NewerModels%",
                    _ => null,
                } ?? scenario.Chain.Trigger.Kind switch
                {
                    ChainTriggerKind.CartChanged => "<p>Still in your cart:</p>%Flock.CartItems%<p><a href=\"%Store.URL%cart\">Back to your cart</a></p>",
                    ChainTriggerKind.ProductViewed or ChainTriggerKind.CategoryViewed or ChainTriggerKind.SearchPerformed
                        or ChainTriggerKind.PriceDropped or ChainTriggerKind.BackInStock => "<p>You looked at:</p>%Flock.ViewedProducts%",
                    ChainTriggerKind.PointsExpiring => "<p>Your reward points: <strong>%Flock.RewardPoints%</strong>.</p>",
                    _ when !scenario.Chain.Marketing => "",
                    ChainTriggerKind.Subscribed or ChainTriggerKind.SegmentEntered or ChainTriggerKind.FirstOrderAnniversary or ChainTriggerKind.Birthday
                        or ChainTriggerKind.OrderPaid or ChainTriggerKind.OrderPlaced => "<p>Picked for you:</p>%Flock.Recommended%",
                    _ => "",
                };
                var body = $"<p>Hello %Customer.FullName%,</p><p>{scenario.DescriptionEn}</p>{content}{coupon}"
                    + "<p><a href=\"%Store.URL%\">%Store.Name%</a></p>"
                    + (scenario.Chain.Marketing ? "<p style=\"font-size:small\"><a href=\"%Flock.UnsubscribeUrl%\">Unsubscribe</a></p>" : "")
                    + "%Flock.Marker%";
                yield return (send.Template, $"%Store.Name%: {scenario.NameEn}", body);
            }
        }
    }
}

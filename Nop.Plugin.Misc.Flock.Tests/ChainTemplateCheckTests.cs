using Flock.Engine.Chains;
using Nop.Plugin.Misc.Flock.Services.Chains;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>A chain whose message template would show a customer a raw token does not go live, and says where the token is.</summary>
[Collection(NopCollection.Name)]
public class ChainTemplateCheckTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public ChainTemplateCheckTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_installed_templates_are_ready_and_a_mistyped_token_stops_the_resume_with_its_line_and_column()
    {
        var requests = _fixture.Host.NewRequest();
        var check = requests.Get<ChainTemplateCheck>();
        foreach (var scenario in ChainGallery.All)
            Assert.Empty(await check.ProblemsAsync(scenario.Chain, 0));

        var key = await ChainSchedulerTests.LaunchCartChainAsync(requests);
        var chains = requests.Get<ChainService>();
        await chains.SetLifecycleAsync(key, ChainLifecycle.Paused);
        var templates = requests.Get<IMessageTemplateService>();
        var template = (await templates.GetMessageTemplatesByNameAsync(ChainGallery.TemplateName("abandoned-cart", "reminder"))).Single();
        var body = template.Body;
        try
        {
            template.Body = "<p>Hello %Customer.FullName%,</p>\n<p>In your cart:</p>\n  %Flock.CartItem%";
            await templates.UpdateMessageTemplateAsync(template);
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => chains.SetLifecycleAsync(key, ChainLifecycle.Live));
            Assert.Contains("template 'Flock.Chain.abandoned-cart.reminder', body line 3, column 3: unknown token %Flock.CartItem%", refused.Message);
            Assert.Contains("did you mean %Flock.CartItems%?", refused.Message);
            Assert.Equal((int)ChainLifecycle.Paused, (await chains.GetAsync(key)).Lifecycle);
        }
        finally
        {
            template.Body = body;
            await templates.UpdateMessageTemplateAsync(template);
        }
        await chains.SetLifecycleAsync(key, ChainLifecycle.Live);
        Assert.Equal((int)ChainLifecycle.Live, (await chains.GetAsync(key)).Lifecycle);
        await chains.SetLifecycleAsync(key, ChainLifecycle.Archived);
    }
}

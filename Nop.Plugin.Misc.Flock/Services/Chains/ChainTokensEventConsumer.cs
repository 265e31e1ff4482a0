using Nop.Core.Domain.Messages;
using Nop.Services.Events;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

/// <summary>Lists Flock's chain-message tokens on nopCommerce's Message templates page, beside its own.</summary>
public class ChainTokensEventConsumer : IConsumer<AdditionalTokensAddedEvent>
{
    public virtual Task HandleEventAsync(AdditionalTokensAddedEvent eventMessage)
    {
        eventMessage.AddTokens(ChainActionExecutor.ContentTokenNames);
        return Task.CompletedTask;
    }
}

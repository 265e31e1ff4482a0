using Flock.Engine.Chains;
using Flock.Engine.Templates;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

/// <summary>
/// The message templates of a chain, checked before it goes live (launch, an edit of a live chain, resuming): each send's
/// template exists and is active, and every token of its subject and body is one nopCommerce or Flock replaces — an unknown
/// token would reach the customer as written. Each problem names the template, the field, the line and the column.
/// </summary>
public class ChainTemplateCheck
{
    protected readonly IMessageTemplateService _messageTemplateService;
    protected readonly IMessageTokenProvider _messageTokenProvider;

    public ChainTemplateCheck(IMessageTemplateService messageTemplateService, IMessageTokenProvider messageTokenProvider)
    {
        _messageTemplateService = messageTemplateService;
        _messageTokenProvider = messageTokenProvider;
    }

    /// <summary>Every problem of the chain's templates in the store (0: all stores); empty when it may go live.</summary>
    public virtual async Task<IList<string>> ProblemsAsync(ChainDefinition chain, int storeId)
    {
        //nopCommerce's own tokens and, through AdditionalTokensAddedEvent, Flock's (ChainTokensEventConsumer)
        var known = (await _messageTokenProvider.GetListOfAllowedTokensAsync()).ToHashSet(StringComparer.Ordinal);
        known.UnionWith(ChainActionExecutor.ContentTokenNames);
        var problems = new List<string>();
        foreach (var send in chain.Steps.OfType<SendStep>())
        {
            var template = (await _messageTemplateService.GetMessageTemplatesByNameAsync(send.Template, storeId)).FirstOrDefault(t => t.IsActive);
            if (template is null)
            {
                problems.Add($"step '{send.Id}': no active message template '{send.Template}' (Content management → Message templates)");
                continue;
            }
            foreach (var (field, text) in new[] { ("subject", template.Subject), ("body", template.Body) })
                foreach (var problem in TokenTemplateCheck.Check(text, known))
                    problems.Add($"step '{send.Id}', template '{send.Template}', {field} line {problem.Line}, column {problem.Column}: {problem.Message}");
        }
        return problems;
    }

    /// <summary>Throws with every problem when the chain's templates are not ready to go live.</summary>
    public virtual async Task ThrowIfNotReadyAsync(ChainDefinition chain, int storeId)
    {
        var problems = await ProblemsAsync(chain, storeId);
        if (problems.Count > 0)
            throw new InvalidOperationException($"chain {chain.Key} cannot go live: {string.Join("; ", problems)}");
    }
}

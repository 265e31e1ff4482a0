using System.Collections.Concurrent;
using Flock.Engine.Chains;
using Flock.Engine.Common;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Services.Chains;

//inside the namespace: linq2db's conditional Set/UpdateAsync, and its async helpers win over nopCommerce's same-named ones
using LinqToDB;

/// <summary>
/// Chains and their immutable versions. Launching a ready scenario stores its version 1 and makes it live; saving an
/// edit stores a new version for new entrants while everyone inside keeps theirs. Compiled versions are shared by every
/// request of this node (a version never changes, so the cache never goes stale).
/// </summary>
public class ChainService
{
    private static readonly ConcurrentDictionary<(string Key, int Version), CompiledChain> Compiled = new();
    /// <summary>How long a node trusts its list of the triggers live chains listen to (a chain launched on another node is seen within this).</summary>
    public static readonly TimeSpan LiveTriggersLifetime = TimeSpan.FromSeconds(30);
    private static (DateTime ExpiresUtc, HashSet<int> Kinds) _liveTriggers = (DateTime.MinValue, []);

    protected readonly IRepository<FlockChain> _chainRepository;
    protected readonly IRepository<FlockChainVersion> _versionRepository;
    protected readonly EnrollmentService _enrollmentService;
    protected readonly Nop.Core.Domain.Customers.CustomerSettings _customerSettings;
    protected readonly Nop.Services.Configuration.ISettingService _settingService;
    /// <summary>
    /// Built only when a chain goes live: it stands on nopCommerce's message token provider (and through it much of
    /// nopCommerce), which the storefront's capture of every catalog page and the scheduler's every run would otherwise
    /// build for nothing.
    /// </summary>
    protected readonly Lazy<ChainTemplateCheck> _templateCheck;

    public ChainService(IRepository<FlockChain> chainRepository, IRepository<FlockChainVersion> versionRepository, EnrollmentService enrollmentService,
        Lazy<ChainTemplateCheck> templateCheck, Nop.Core.Domain.Customers.CustomerSettings customerSettings,
        Nop.Services.Configuration.ISettingService settingService)
    {
        _settingService = settingService;
        _customerSettings = customerSettings;
        _chainRepository = chainRepository;
        _versionRepository = versionRepository;
        _enrollmentService = enrollmentService;
        _templateCheck = templateCheck;
    }

    public virtual Task<FlockChain> GetAsync(string key) => _chainRepository.Table.FirstOrDefaultAsync(c => c.Key == key);

    public virtual async Task<IList<FlockChain>> GetAllAsync() => await _chainRepository.Table.OrderBy(c => c.Name).ToListAsync();

    /// <summary>Chains new triggers may enter (live ones), with the compiled version new entrants follow.</summary>
    public virtual async Task<IList<(FlockChain Chain, CompiledChain Compiled)>> GetLiveAsync()
    {
        var live = await _chainRepository.Table.Where(c => c.Lifecycle == (int)ChainLifecycle.Live).ToListAsync();
        var result = new List<(FlockChain, CompiledChain)>();
        foreach (var chain in live)
            result.Add((chain, await GetCompiledAsync(chain.Key, chain.CurrentVersion)));
        return result;
    }

    /// <summary>
    /// Whether any live chain needs activity of <paramref name="kind"/> (<see cref="TriggerInputs"/>: it starts on it, or
    /// tells price drops to those who viewed, or rescores a buyer for a segment): behaviour capture writes nothing on the
    /// shopper's request while no chain would use it. Cached per node for <see cref="LiveTriggersLifetime"/>.
    /// </summary>
    public virtual async Task<bool> AnyLiveForAsync(ChainTriggerKind kind)
    {
        var cached = _liveTriggers;
        if (cached.ExpiresUtc < DateTime.UtcNow)
        {
            var live = (int)ChainLifecycle.Live;
            var keys = await _chainRepository.Table.Where(c => c.Lifecycle == live).Select(c => new { c.Key, c.CurrentVersion }).ToListAsync();
            var kinds = new HashSet<int>();
            foreach (var chain in keys)
                foreach (var needed in TriggerInputs.Of((await GetCompiledAsync(chain.Key, chain.CurrentVersion)).Definition.Trigger.Kind))
                    kinds.Add((int)needed);
            _liveTriggers = cached = (DateTime.UtcNow.Add(LiveTriggersLifetime), kinds);
        }
        return cached.Kinds.Contains((int)kind);
    }

    /// <summary>Makes this node re-read which triggers live chains listen to (after a launch, pause or archive).</summary>
    public static void ForgetLiveTriggers() => _liveTriggers = (DateTime.MinValue, []);

    /// <summary>The compiled version an enrollment follows; throws when the version is missing (never deleted while the chain exists).</summary>
    public virtual async Task<CompiledChain> GetCompiledAsync(string key, int version)
    {
        if (Compiled.TryGetValue((key, version), out var compiled))
            return compiled;
        var row = await _versionRepository.Table.FirstOrDefaultAsync(v => v.ChainKey == key && v.Version == version)
            ?? throw new InvalidOperationException($"chain {key} has no version {version}");
        var parsed = ChainJson.Parse(row.Json);
        if (!parsed.IsValid)
            throw new FlockValidationException($"stored chain {key} version {version}", parsed.Problems);
        return Compiled.GetOrAdd((key, version), new CompiledChain(parsed.Chain!));
    }

    /// <summary>
    /// The resource key of why a chain could never start in this store (the trigger is not captured, the store does not
    /// ask for birthdays, its reward points are off); null when it can.
    /// </summary>
    public static string WhyNotStartable(ChainDefinition chain, Nop.Core.Domain.Customers.CustomerSettings customerSettings,
        Nop.Core.Domain.Customers.RewardPointsSettings rewardPointsSettings) =>
        !Behaviour.BehaviourEventConsumer.CapturedTriggers.Contains(chain.Trigger.Kind) ? "Chains.NotCaptured"
        : chain.Trigger.Kind == ChainTriggerKind.Birthday && !customerSettings.DateOfBirthEnabled ? "Chains.NoBirthdays"
        : chain.Trigger.Kind == ChainTriggerKind.PointsExpiring && !rewardPointsSettings.Enabled ? "Chains.NoRewardPoints"
        : null;

    /// <summary>The reward points settings of the chain's store (0: all stores, the default ones).</summary>
    protected virtual Task<Nop.Core.Domain.Customers.RewardPointsSettings> RewardPointsOfAsync(int storeId) =>
        _settingService.LoadSettingAsync<Nop.Core.Domain.Customers.RewardPointsSettings>(storeId);

    /// <summary><see cref="WhyNotStartable"/> in words for an error.</summary>
    public static string WhyNotStartableInWords(string why, ChainTriggerKind kind) => why switch
    {
        "Chains.NoBirthdays" => "the store does not ask customers for their date of birth (Customer settings: 'Date of birth' enabled)",
        "Chains.NoRewardPoints" => "the store's reward points are off (Reward points settings: 'Enabled')",
        _ => $"'{kind}' is not captured by this version of Flock yet",
    };

    /// <summary>Launches a gallery scenario (live at once); a scenario launched before is returned as it is.</summary>
    public virtual async Task<FlockChain> LaunchScenarioAsync(string scenarioKey, int storeId = 0)
    {
        var scenario = ChainGallery.Find(scenarioKey) ?? throw new ArgumentException($"no ready scenario '{scenarioKey}'", nameof(scenarioKey));
        if (WhyNotStartable(scenario.Chain, _customerSettings, await RewardPointsOfAsync(storeId)) is { } why)
            throw new InvalidOperationException($"the scenario '{scenarioKey}' cannot be launched: {WhyNotStartableInWords(why, scenario.Chain.Trigger.Kind)}");
        await _templateCheck.Value.ThrowIfNotReadyAsync(scenario.Chain, storeId);
        return await CreateAsync(scenario.Chain, storeId, ChainLifecycle.Live);
    }

    /// <summary>Stores a new chain at version 1; an existing chain with the key is returned unchanged.</summary>
    public virtual async Task<FlockChain> CreateAsync(ChainDefinition definition, int storeId, ChainLifecycle lifecycle)
    {
        definition = definition with { Version = 1 };
        definition.Validate().ThrowIfInvalid("chain");
        if (await GetAsync(definition.Key) is { } existing)
            return existing;
        if (lifecycle == ChainLifecycle.Live && WhyNotStartable(definition, _customerSettings, await RewardPointsOfAsync(storeId)) is { } why)
            throw new FlockValidationException("chain", "trigger.kind", WhyNotStartableInWords(why, definition.Trigger.Kind));
        await InsertVersionAsync(definition);
        var now = DateTime.UtcNow;
        var chain = new FlockChain
        {
            Key = definition.Key, Name = definition.Name, Lifecycle = (int)lifecycle, CurrentVersion = 1, StoreId = storeId,
            CreatedOnUtc = now, UpdatedOnUtc = now
        };
        try
        {
            await _chainRepository.InsertAsync(chain, publishEvent: false);
            ForgetLiveTriggers();
            return chain;
        }
        catch (Exception exception) when (UniqueKey.IsViolation(exception))
        {
            return await GetAsync(definition.Key); //another node launched it a moment ago
        }
    }

    /// <summary>Saves an edit as the next version (validated first; nothing is saved when it is invalid); returns that version.</summary>
    public virtual async Task<int> SaveVersionAsync(ChainDefinition definition)
    {
        var chain = await GetAsync(definition.Key) ?? throw new ArgumentException($"no chain '{definition.Key}'");
        var read = chain.CurrentVersion;
        //past every stored version, not just the current one: a save that lost the race below leaves its version row
        //behind, unused, and must not block the next edit
        var key = definition.Key;
        var next = Math.Max(read, await _versionRepository.Table.Where(v => v.ChainKey == key).MaxAsync(v => (int?)v.Version) ?? 0) + 1;
        definition = definition with { Version = next };
        definition.Validate().ThrowIfInvalid("chain");
        if (WhyNotStartable(definition, _customerSettings, await RewardPointsOfAsync(chain.StoreId)) is { } why)
            throw new FlockValidationException("chain", "trigger.kind", WhyNotStartableInWords(why, definition.Trigger.Kind));
        if (chain.Lifecycle == (int)ChainLifecycle.Live && await _templateCheck.Value.ProblemsAsync(definition, chain.StoreId) is { Count: > 0 } templateProblems)
            throw new FlockValidationException("chain", templateProblems.Select(p => new Problem("steps", p)).ToList());
        await InsertVersionAsync(definition);
        //only the edit that read the current version moves it on: two admins saving at once get one version each, not a lost one
        var moved = await _chainRepository.Table.Where(c => c.Id == chain.Id && c.CurrentVersion == read)
            .Set(c => c.CurrentVersion, next).Set(c => c.Name, definition.Name).Set(c => c.UpdatedOnUtc, DateTime.UtcNow).UpdateAsync();
        if (moved != 1)
            throw new InvalidOperationException($"chain {definition.Key} was changed meanwhile; reload it and save again");
        ForgetLiveTriggers();
        return next;
    }

    /// <summary>Pauses, resumes or archives a chain; resuming makes its held enrollments due at once; archiving is final.</summary>
    public virtual async Task SetLifecycleAsync(string key, ChainLifecycle lifecycle)
    {
        var archived = (int)ChainLifecycle.Archived;
        var target = (int)lifecycle;
        var chain = await GetAsync(key) ?? throw new ArgumentException($"no chain '{key}'");
        if (chain.Lifecycle == archived && lifecycle != ChainLifecycle.Archived)
            throw new InvalidOperationException($"chain {key} is archived: an archived chain stays archived (launch or copy it anew)");
        if (lifecycle == ChainLifecycle.Live && chain.Lifecycle != target)
        {
            var definition = (await GetCompiledAsync(key, chain.CurrentVersion)).Definition;
            if (WhyNotStartable(definition, _customerSettings, await RewardPointsOfAsync(chain.StoreId)) is { } why)
                throw new InvalidOperationException($"chain {key} cannot go live: {WhyNotStartableInWords(why, definition.Trigger.Kind)}");
            await _templateCheck.Value.ThrowIfNotReadyAsync(definition, chain.StoreId);
        }
        //a change only from the state read: a repeated or racing request changes nothing and re-arms nobody
        var from = chain.Lifecycle;
        var changed = await _chainRepository.Table.Where(c => c.Id == chain.Id && c.Lifecycle == from && c.Lifecycle != target)
            .Set(c => c.Lifecycle, target).Set(c => c.UpdatedOnUtc, DateTime.UtcNow).UpdateAsync();
        ForgetLiveTriggers();
        //out of a pause: everyone held is looked at now (to go on, or to leave)
        if (changed == 1 && from == (int)ChainLifecycle.Paused)
            await _enrollmentService.ReArmAsync(key, DateTime.UtcNow);
    }

    protected virtual Task InsertVersionAsync(ChainDefinition definition) =>
        _versionRepository.InsertAsync(new FlockChainVersion
        {
            ChainKey = definition.Key, Version = definition.Version, Json = ChainJson.Write(definition), CreatedOnUtc = DateTime.UtcNow
        }, publishEvent: false);
}

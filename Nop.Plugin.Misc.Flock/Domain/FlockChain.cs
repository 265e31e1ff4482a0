using Nop.Core;

namespace Nop.Plugin.Misc.Flock.Domain;

/// <summary>
/// A trigger chain (T2) as the admin manages it: its key, name, lifecycle and the version new entrants follow. Every
/// version's document is kept in <see cref="FlockChainVersion"/>, so enrollments already inside keep theirs.
/// </summary>
public class FlockChain : BaseEntity
{
    /// <summary>Unique, stable (<see cref="Flock.Engine.Chains.ChainDefinition.Key"/>).</summary>
    public string Key { get; set; }

    public string Name { get; set; }

    /// <summary><see cref="Flock.Engine.Chains.ChainLifecycle"/> as an int; a chain not yet launched is paused.</summary>
    public int Lifecycle { get; set; }

    /// <summary>The version new entrants follow.</summary>
    public int CurrentVersion { get; set; }

    /// <summary>0: every store.</summary>
    public int StoreId { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    public DateTime UpdatedOnUtc { get; set; }
}

/// <summary>One immutable version of a chain's document (<see cref="Flock.Engine.Chains.ChainJson"/>); unique per (chain, version).</summary>
public class FlockChainVersion : BaseEntity
{
    public string ChainKey { get; set; }

    public int Version { get; set; }

    public string Json { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}

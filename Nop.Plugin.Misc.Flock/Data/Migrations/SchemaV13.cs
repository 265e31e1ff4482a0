using Nop.Plugin.Misc.Flock.Domain;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// The 1.3 schema (honest numbers): indexes the Experiments page and the dashboard read by — an experiment's assignment
/// rows, the referrals of a set of referrers, and the events of one kind in a period (widget renders for exposures).
/// Fresh installs get them from <see cref="SchemaMigration"/>; earlier installs from <see cref="UpgradeTo13Migration"/>.
/// </summary>
public static class SchemaV13
{
    public const string AssignmentExperimentIndex = "IX_FlockAssignment_Experiment_Created";
    public const string ReferralReferrerCustomerIndex = "IX_FlockReferral_ReferrerCustomerId";
    public const string EventKindCreatedIndex = "IX_FlockEvent_Kind_CreatedOnUtc";

    public static readonly IReadOnlyList<(string Table, string Name, bool Unique, string[] Columns)> Indexes =
    [
        (nameof(FlockAssignment), AssignmentExperimentIndex, false, [nameof(FlockAssignment.ExperimentKey), nameof(FlockAssignment.CreatedOnUtc)]),
        (nameof(FlockReferral), ReferralReferrerCustomerIndex, false, [nameof(FlockReferral.ReferrerCustomerId)]),
        (nameof(FlockEvent), EventKindCreatedIndex, false, [nameof(FlockEvent.Kind), nameof(FlockEvent.CreatedOnUtc)]),
    ];
}

using Nop.Core.Domain.Customers;
using FluentMigrator;
using Nop.Data;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Data.Migrations;

/// <summary>
/// 1.2 → 1.3: shoppers held out before 1.3 get the assignment row 1.3 stores for a held-out shopper (arm "holdout", dated at
/// their first HoldoutSkipped event), so the Experiments page finds the holdout per campaign from the assignment rows
/// (<see cref="ExperimentDataService.BackfillHoldoutAssignmentsAsync"/>; idempotent).
/// </summary>
[NopMigration("2026-12-03 00:00:01", "Misc.Flock 1.3: assignment rows of shoppers held out before 1.3", MigrationProcessType.Update)]
public class UpgradeTo13DataMigration : Migration
{
    protected readonly IRepository<Customer> _customerRepository;
    protected readonly IRepository<FlockAssignment> _assignmentRepository;
    protected readonly IRepository<FlockEvent> _eventRepository;
    protected readonly IRepository<FlockReferral> _referralRepository;
    protected readonly IRepository<Nop.Core.Domain.Orders.Order> _orderRepository;

    public UpgradeTo13DataMigration(IRepository<Customer> customerRepository,
        IRepository<FlockAssignment> assignmentRepository,
        IRepository<FlockEvent> eventRepository,
        IRepository<FlockReferral> referralRepository,
        IRepository<Nop.Core.Domain.Orders.Order> orderRepository)
    {
        _customerRepository = customerRepository;
        _assignmentRepository = assignmentRepository;
        _eventRepository = eventRepository;
        _referralRepository = referralRepository;
        _orderRepository = orderRepository;
    }

    public override void Up()
    {
        if (!DataSettingsManager.IsDatabaseInstalled() || !Schema.Table(nameof(FlockAssignment)).Exists() || !Schema.Table(nameof(FlockEvent)).Exists())
            return;
        new ExperimentDataService(_customerRepository, _assignmentRepository, _eventRepository, _referralRepository, _orderRepository)
            .BackfillHoldoutAssignmentsAsync().GetAwaiter().GetResult();
    }

    public override void Down()
    {
    }
}

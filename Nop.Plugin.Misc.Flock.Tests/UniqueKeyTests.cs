using Nop.Data;
using Nop.Plugin.Misc.Flock.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Plugin.Misc.Flock.Services.Referrals;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// "Never twice" is held by UNIQUE indexes in the database, not only by checks in code: a second row for the same cause
/// fails at the database, and the services treat that failure as "already done".
/// </summary>
[Collection(NopCollection.Name)]
public class UniqueKeyTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public UniqueKeyTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Second_reward_with_the_same_cause_key_fails_at_the_database_and_the_service_returns_the_first()
    {
        var requests = _fixture.Host.NewRequest();
        var repository = requests.Get<IRepository<FlockReward>>();
        var cause = Unique("order:1:policy:2");
        FlockReward Row(int beneficiary) => new()
        {
            CauseKey = cause, BeneficiaryCustomerId = beneficiary, CampaignId = 1, State = "Pending", EntryJson = "{}",
            CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow
        };

        await repository.InsertAsync(Row(1), false);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => repository.InsertAsync(Row(2), false));
        Assert.True(UniqueKey.IsViolation(failure), failure.ToString());

        var service = requests.Get<RewardService>();
        var (replayed, created) = await service.InsertOnceAsync(Row(3));
        Assert.False(created);
        Assert.Equal(1, replayed.BeneficiaryCustomerId);
        Assert.Single(repository.Table.Where(r => r.CauseKey == cause).ToList());
    }

    [Fact]
    public async Task Second_referral_for_the_same_order_fails_at_the_database_and_the_service_returns_the_first()
    {
        var requests = _fixture.Host.NewRequest();
        var repository = requests.Get<IRepository<FlockReferral>>();
        var orderId = 900_000 + Random.Shared.Next(90_000);
        FlockReferral Row(string decision) => new()
        {
            OrderId = orderId, FriendCustomerId = 2, ReferrerId = 1, ReferrerCustomerId = 1, CampaignId = 1,
            Decision = decision, EvidenceKind = "Coupon", CreatedOnUtc = DateTime.UtcNow
        };

        var service = requests.Get<ReferralService>();
        var (first, created) = await service.InsertOnceAsync(Row(ReferralDecisions.Rewarded));
        Assert.True(created);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => repository.InsertAsync(Row(ReferralDecisions.Blocked), false));
        Assert.True(UniqueKey.IsViolation(failure), failure.ToString());

        // the service's replay path: the insert fails at the database, and the row stored first comes back
        var (replayed, createdAgain) = await service.InsertOnceAsync(Row(ReferralDecisions.Blocked));
        Assert.False(createdAgain);
        Assert.Equal(first.Id, replayed.Id);
        Assert.Equal(ReferralDecisions.Rewarded, replayed.Decision);
        Assert.Single(repository.Table.Where(r => r.OrderId == orderId).ToList());
    }

    [Fact]
    public async Task Second_assignment_for_the_same_shopper_and_experiment_fails_at_the_database_and_the_first_arm_stays()
    {
        var requests = _fixture.Host.NewRequest();
        var repository = requests.Get<IRepository<FlockAssignment>>();
        var shopper = Unique("shopper");
        FlockAssignment Row(string arm) => new() { ShopperKey = shopper, ExperimentKey = "campaign:1", ArmKey = arm, CreatedOnUtc = DateTime.UtcNow };

        var service = requests.Get<AssignmentService>();
        await service.InsertOnceAsync(shopper, "campaign:1", "A");

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => repository.InsertAsync(Row("B"), false));
        Assert.True(UniqueKey.IsViolation(failure), failure.ToString());

        await service.InsertOnceAsync(shopper, "campaign:1", "B"); // no exception: already assigned
        var assignments = await service.GetForShopperAsync(shopper);
        Assert.Equal("A", Assert.Single(assignments).Value);
    }

    [Fact]
    public async Task Referrer_code_customer_and_friend_coupon_keys_are_unique_too()
    {
        var requests = _fixture.Host.NewRequest();
        var referrers = requests.Get<IRepository<FlockReferrer>>();
        var customerId = 800_000 + Random.Shared.Next(90_000);
        var code = Unique("c")[..20];
        await referrers.InsertAsync(new FlockReferrer { CustomerId = customerId, Code = code, CampaignId = 1, CreatedOnUtc = DateTime.UtcNow }, false);
        Assert.True(UniqueKey.IsViolation(await Assert.ThrowsAnyAsync<Exception>(() =>
            referrers.InsertAsync(new FlockReferrer { CustomerId = customerId, Code = code + "x", CampaignId = 1, CreatedOnUtc = DateTime.UtcNow }, false))));
        Assert.True(UniqueKey.IsViolation(await Assert.ThrowsAnyAsync<Exception>(() =>
            referrers.InsertAsync(new FlockReferrer { CustomerId = customerId + 1, Code = code, CampaignId = 1, CreatedOnUtc = DateTime.UtcNow }, false))));

        var coupons = requests.Get<FriendCouponService>();
        var couponCode = Unique("FLF")[..24].ToUpperInvariant();
        FlockFriendCoupon Coupon(int friend, string c) => new()
        {
            ReferrerId = customerId, FriendCustomerId = friend, DiscountId = 0, CouponCode = c, CampaignId = 1, CreatedOnUtc = DateTime.UtcNow
        };
        Assert.True(await coupons.TryInsertAsync(Coupon(5, couponCode)));
        Assert.False(await coupons.TryInsertAsync(Coupon(5, couponCode + "B"))); // same referrer and friend
        Assert.True(await coupons.TryInsertAsync(Coupon(6, couponCode)));        // invitations share their campaign's code
    }
}

using Flock.Engine.Referrals.AntiAbuse;

namespace Flock.Engine.Tests.Referrals.AntiAbuse;

public class IdentityKeysTests
{
    private static readonly IdentityKeys Keys = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static IReadOnlyList<IdentityKey> Of(string? email = null, string? phone = null, string? address = null, string? country = "US") =>
        Keys.For([email], [phone], [address], country);

    [Fact]
    public void Plus_aliases_gmail_dots_and_case_give_the_same_email_key()
    {
        Assert.Equal(Of("anna.smith@gmail.com"), Of("AnnaSmith+second@GoogleMail.com"));
        Assert.NotEqual(Of("anna@example.com"), Of("boris@example.com"));
    }

    [Fact]
    public void National_and_international_forms_of_a_phone_give_one_key_in_the_stores_country()
    {
        Assert.Equal(Of(phone: "(555) 100-1234"), Of(phone: "+1 555 100 1234"));
        Assert.Equal(IdentityKind.Phone, Assert.Single(Of(phone: "555-100-1234")).Kind);
    }

    [Fact]
    public void Without_a_store_country_a_national_number_gives_no_key_rather_than_an_invented_prefix()
    {
        Assert.Empty(Of(phone: "5551001234", country: null));
        Assert.Single(Of(phone: "+1 555 100 1234", country: null));
    }

    [Fact]
    public void Keys_hide_the_value_and_depend_on_the_secret()
    {
        var key = Assert.Single(Of("anna@example.com"));
        Assert.Equal(IdentityKey.HashLength, key.Hash.Length);
        Assert.DoesNotContain("anna", key.Hash);
        var other = new IdentityKeys(Enumerable.Repeat((byte)7, 32).ToArray());
        Assert.NotEqual(key, Assert.Single(other.For(["anna@example.com"], [], [], "US")));
    }

    [Fact]
    public void Duplicates_and_unusable_values_are_dropped()
    {
        var keys = Keys.For(["a@example.com", "A@Example.com", "not an email", null], ["12"], ["", null], "US");
        Assert.Single(keys);
    }

    [Fact]
    public void The_one_line_address_needs_a_street()
    {
        Assert.Equal("10001, New York, 5th Avenue 1", IdentityKeys.OneLine("10001", "New York", "5th Avenue 1", null));
        Assert.Null(IdentityKeys.OneLine("10001", "New York", null, " "));
    }

    [Fact]
    public void A_short_secret_is_rejected()
    {
        Assert.Throws<Flock.Engine.Common.FlockValidationException>(() => new IdentityKeys(new byte[8]));
    }
}

public class DeviceKeyTests
{
    private static readonly IdentityKeys Keys = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void A_minted_device_id_gives_one_stable_device_key_whatever_its_case_or_padding()
    {
        var id = DeviceIds.New();
        Assert.True(DeviceIds.IsWellFormed(id));
        var key = Keys.ForDevice(id);
        Assert.NotNull(key);
        Assert.Equal(IdentityKind.Device, key!.Value.Kind);
        Assert.Equal(key, Keys.ForDevice($"  {id.ToUpperInvariant()} "));
        Assert.NotEqual(key, Keys.ForDevice(DeviceIds.New()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-device")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    public void A_missing_or_forged_cookie_is_no_evidence(string? value) => Assert.Null(Keys.ForDevice(value));

    [Fact]
    public void A_device_key_never_equals_an_email_key_of_the_same_text()
    {
        var id = DeviceIds.New();
        var device = Keys.ForDevice(id)!.Value;
        Assert.DoesNotContain(Keys.For([id + "@x.test"], [], [], null), k => k.Hash == device.Hash);
        Assert.All(Keys.For([], [], [id], null), k => Assert.NotEqual(device.Hash, k.Hash));
    }
}

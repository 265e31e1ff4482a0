using Flock.Engine.Referrals.Programme;
using Flock.Engine.Referrals.AntiAbuse;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flock.Engine.Tests.Referrals.AntiAbuse;

public class EmailNormalizerTests
{
    [Theory]
    [InlineData("Anna.K+promo@gmail.com", "annak@gmail.com")]
    [InlineData(" a.n.n.a.k@GoogleMail.com ", "annak@gmail.com")]
    [InlineData("ivan.petrov+shop@ya.ru", "ivan-petrov@yandex.ru")]
    [InlineData("Ivan-Petrov@yandex.com", "ivan-petrov@yandex.ru")]
    [InlineData("ivan.petrov@yandex.kz", "ivan-petrov@yandex.ru")]
    [InlineData("john.doe+x@outlook.com", "john.doe@outlook.com")]
    [InlineData("john+x@hotmail.com", "john@hotmail.com")]
    [InlineData("me+deals@icloud.com", "me@icloud.com")]
    [InlineData("me+a+b@fastmail.com", "me@fastmail.com")]
    [InlineData("me+x@proton.me", "me@proton.me")]
    [InlineData("anna.k+promo@mail.ru", "anna.k+promo@mail.ru")] // not known to alias: kept as typed
    [InlineData("Anna@Example.COM.", "anna@example.com")]
    public void Addresses_reduce_to_their_mailbox(string email, string expected) =>
        Assert.Equal(expected, EmailNormalizer.Normalize(email));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("anna")]
    [InlineData("@gmail.com")]
    [InlineData("anna@")]
    [InlineData("+promo@gmail.com")]
    [InlineData("an na@gmail.com")]
    public void Non_addresses_normalise_to_null(string? email) => Assert.Null(EmailNormalizer.Normalize(email));

    [Fact]
    public void Same_mailbox_needs_two_real_addresses()
    {
        Assert.True(EmailNormalizer.SameMailbox("Anna.K+promo@gmail.com", "annak@googlemail.com"));
        Assert.False(EmailNormalizer.SameMailbox("anna@gmail.com", "anna@yandex.ru"));
        Assert.False(EmailNormalizer.SameMailbox(null, null));
    }

    private static readonly Gen<string> Emails =
        from local in Gen.Elements("aB.+-_xY1".ToCharArray()).NonEmptyListOf()
        from domain in Gen.Elements("gmail.com", "GoogleMail.com", "ya.ru", "yandex.ru", "outlook.com", "mail.ru", "Example.org.", "icloud.com")
        from pad in Gen.Elements("", " ", "\t")
        select pad + new string(local.ToArray()) + "@" + domain + pad;

    [Property(MaxTest = 500)]
    public Property Normalisation_is_idempotent() =>
        Prop.ForAll(Emails.ToArbitrary(), email =>
        {
            var once = EmailNormalizer.Normalize(email);
            return once is null || EmailNormalizer.Normalize(once) == once;
        });

    [Property(MaxTest = 500)]
    public bool Normalisation_is_idempotent_for_any_string(string? email)
    {
        var once = EmailNormalizer.Normalize(email);
        return once is null || EmailNormalizer.Normalize(once) == once;
    }
}

public class PhoneNormalizerTests
{
    [Theory]
    [InlineData("8 (916) 123-45-67", "+79161234567")]
    [InlineData("+7 916 123 45 67", "+79161234567")]
    [InlineData("79161234567", "+79161234567")]
    [InlineData("9161234567", "+79161234567")]
    [InlineData("8-800-555-35-35", "+78005553535")]
    [InlineData("0079161234567", "+79161234567")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    public void Russian_numbers_and_international_numbers_reach_e164(string phone, string expected) =>
        Assert.Equal(expected, PhoneNormalizer.Normalize(phone, "RU"));

    [Theory]
    [InlineData("020 7946 0958", "GB", "+442079460958")]
    [InlineData("8 029 123 45 67", "BY", "+375291234567")]
    [InlineData("(212) 555-0100", "US", "+12125550100")]
    [InlineData("8 701 123 4567", "KZ", "+77011234567")]
    public void National_numbers_use_the_country(string phone, string country, string expected) =>
        Assert.Equal(expected, PhoneNormalizer.Normalize(phone, country));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12-34")]
    [InlineData("+1234567890123456")]
    public void Too_short_or_too_long_is_null(string? phone)
    {
        Assert.Null(PhoneNormalizer.Normalize(phone, "RU"));
        Assert.Null(PhoneNormalizer.Normalize(phone, null));
    }

    [Fact]
    public void National_numbers_of_countries_without_rules_keep_their_digits_and_international_ones_work()
    {
        Assert.Equal("0612345678", PhoneNormalizer.Normalize("06 1234 5678", "NL"));
        Assert.Equal("+31612345678", PhoneNormalizer.Normalize("+31 6 12345678", "NL"));
    }

    [Fact]
    public void An_unknown_country_never_invents_a_prefix()
    {
        // Issue 16: in a US store with no country known, "5551001" became "+75551001" under the old Russian default.
        Assert.Equal("5551001", PhoneNormalizer.Normalize("555-1001", ProgrammeSettings.UnknownCountry));
        Assert.Equal("89161234567", PhoneNormalizer.Normalize("8 (916) 123-45-67", null));
        Assert.Equal("+79161234567", PhoneNormalizer.Normalize("+7 916 123-45-67", null));
        Assert.True(PhoneNormalizer.SameNumber("555 1001", "555-1001", null));
        Assert.False(PhoneNormalizer.SameNumber("8 (916) 123-45-67", "+7 916 123-45-67", null));
        Assert.DoesNotContain("+", PhoneNormalizer.Normalize("5551001", null)!);
    }

    [Fact]
    public void Same_number_in_different_spellings()
    {
        Assert.True(PhoneNormalizer.SameNumber("8 (916) 123-45-67", "+7-916-123-4567", "RU"));
        Assert.False(PhoneNormalizer.SameNumber("8 (916) 123-45-67", "8 (916) 123-45-68", "RU"));
    }

    [Property(MaxTest = 500)]
    public bool Normalisation_is_idempotent(string? phone)
    {
        var once = PhoneNormalizer.Normalize(phone, "RU");
        return once is null || PhoneNormalizer.Normalize(once, "RU") == once;
    }

    [Property(MaxTest = 500)]
    public bool Normalisation_without_a_country_is_idempotent_and_adds_no_prefix(string? phone)
    {
        var once = PhoneNormalizer.Normalize(phone, null);
        return once is null || (PhoneNormalizer.Normalize(once, null) == once && (once.StartsWith('+') == phone!.TrimStart().StartsWith('+') || phone.Where(char.IsAsciiDigit).Take(2).SequenceEqual("00")));
    }
}

public class AddressNormalizerTests
{
    [Theory]
    [InlineData("г. Москва, ул. Ленина, д.5, кв.12", "Москва улица Ленина дом 5 квартира 12")]
    [InlineData("119019, Россия, Москва, ул Ленина 5-12", "Москва, улица Ленина, 5/12")]
    [InlineData("Москва, пр-т Мира, д. 10, корп. 2", "москва проспект мира дом 10 корпус 2")]
    [InlineData("Новосибирск, Красный просп., 5а", "НОВОСИБИРСК КРАСНЫЙ ПР 5 А")]
    [InlineData("ул. Щёлковская 3", "улица Щелковская, 3")]
    [InlineData("221B Baker Street, Apt. 4", "221b baker st apartment 4")]
    [InlineData("10 Downing St.", "10 downing street")]
    public void Spellings_of_the_same_address_compare_equal(string a, string b) =>
        Assert.True(AddressNormalizer.SameAddress(a, b), $"{AddressNormalizer.Normalize(a)} | {AddressNormalizer.Normalize(b)}");

    [Theory]
    [InlineData("ул. Ленина, д. 5, кв. 12", "ул. Ленина, д. 12, кв. 5")]
    [InlineData("ул. Ленина 5", "пр. Ленина 5")]
    [InlineData("д. 5 корп. 2", "д. 5 кв. 2")]
    public void Different_addresses_stay_different(string a, string b) =>
        Assert.False(AddressNormalizer.SameAddress(a, b));

    [Fact]
    public void Normal_form_is_readable_tokens()
    {
        Assert.Equal("москва ул ленина д 5 кв 12", AddressNormalizer.Normalize("г. Москва, ул. Ленина, д.5, кв.12"));
        Assert.Null(AddressNormalizer.Normalize(" ,.; "));
        Assert.False(AddressNormalizer.SameAddress(null, null));
    }

    [Property(MaxTest = 500)]
    public bool Normalisation_is_idempotent(string? address)
    {
        var once = AddressNormalizer.Normalize(address);
        return once is null || AddressNormalizer.Normalize(once) == once;
    }
}

public class IpAddressKeyTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData(" ::ffff:203.0.113.7 ", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void Ips_are_keyed(string ip, string expected) => Assert.Equal(expected, IpAddressKey.Normalize(ip));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-an-ip")]
    public void Junk_is_null(string? ip) => Assert.Null(IpAddressKey.Normalize(ip));
}

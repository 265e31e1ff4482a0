namespace Flock.Engine.Referrals;

/// <summary>
/// The characters generated referral codes are made of: digits 2–9 and the upper-case Latin letters without
/// I, L, O (they read as 1 and 0) and U (Crockford's reason: it keeps accidental obscenities out).
/// 30 symbols, so each character carries log2(30) ≈ 4.91 bits.
/// </summary>
public static class ReferralCodeAlphabet
{
    /// <summary>The 30 symbols, in the order the generator picks from.</summary>
    public const string Symbols = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Bits of entropy one generated character carries.</summary>
    public static readonly double BitsPerCharacter = Math.Log2(Symbols.Length);

    /// <summary>True when <paramref name="c"/> is one of <see cref="Symbols"/> (upper case only).</summary>
    public static bool Contains(char c) => c switch
    {
        >= '2' and <= '9' => true,
        >= 'A' and <= 'Z' => c is not ('I' or 'L' or 'O' or 'U'),
        _ => false,
    };

    /// <summary>Entropy in bits of a generated code of <paramref name="length"/> characters.</summary>
    public static double EntropyBits(int length) => length * BitsPerCharacter;
}

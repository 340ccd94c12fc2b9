using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Demarcate.Core.Trust.Internal;

namespace Demarcate.Core.Trust;

/// <summary>The outcome of checking a password a user typed against the stored hash.</summary>
public enum PasswordCheck
{
    /// <summary>Wrong password, or a stored hash that cannot be read.</summary>
    Failed,

    /// <summary>Right password.</summary>
    Succeeded,

    /// <summary>Right password, hashed with fewer iterations than today's: store <see cref="PasswordHasher.Hash"/> of it now.</summary>
    SucceededNeedsRehash,
}

/// <summary>
/// Turns a member's password into the text the store keeps, and checks a typed password against it:
/// PBKDF2-HMAC-SHA256, 16-byte random salt, 32-byte hash, written as
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt base64&gt;$&lt;hash base64&gt;</c>.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. The password is normalised to Unicode NFKC and encoded as UTF-8 before
/// hashing. The stored text is self-describing, so raising <see cref="Iterations"/> later leaves old
/// hashes readable and <see cref="Verify"/> says when one should be replaced.
/// </remarks>
public sealed class PasswordHasher
{
    /// <summary>The algorithm tag that starts every stored hash.</summary>
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>Fewest characters (Unicode code points, after NFKC) a password may have.</summary>
    public const int MinimumLength = 12;

    /// <summary>Most characters a password may have: far beyond any passphrase, short of abuse.</summary>
    public const int MaximumLength = 1024;

    /// <summary>
    /// Most iterations a stored hash may ask for. A stored text beyond it is treated as damaged, so
    /// that one tampered row cannot make every sign-in spin for minutes.
    /// </summary>
    public const int MaximumIterations = 10_000_000;

    internal const int SaltBytes = 16;
    internal const int HashBytes = 32;

    private static readonly CompositeFormat HashFormat = CompositeFormat.Parse(Scheme + "${0}${1}${2}");

    /// <summary>A hasher that spends <paramref name="iterations"/> PBKDF2 rounds on every new hash.</summary>
    public PasswordHasher(int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaximumIterations);
        Iterations = iterations;
    }

    /// <summary>
    /// What the installation uses: 600 000 iterations, OWASP's current recommendation for
    /// PBKDF2-HMAC-SHA256 (OWASP Password Storage Cheat Sheet, "PBKDF2" section,
    /// https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html).
    /// </summary>
    public static PasswordHasher Production { get; } = new(600_000);

    /// <summary>PBKDF2 rounds for every new hash (and for every signing key wrapped with these settings).</summary>
    public int Iterations { get; }

    /// <summary>
    /// Whether a password is acceptable as a new password: at least <see cref="MinimumLength"/>
    /// characters, at most <see cref="MaximumLength"/>, valid Unicode, and not one character repeated.
    /// No rules about character classes: length is what makes a password hard to guess
    /// (NIST SP 800-63B, section 3.1.1.2), and composition rules push people to predictable patterns.
    /// </summary>
    public static ParseResult<string> CheckStrength(string? password)
    {
        const string Source = "password";
        if (password is null || password.Length == 0)
        {
            return ParseResult<string>.Failed(new InputProblem(Source, "A password is required."));
        }

        if (password.Length > MaximumLength)
        {
            return ParseResult<string>.Failed(new InputProblem(Source, $"A password may have at most {MaximumLength} characters."));
        }

        if (!PasswordBytes.TryEncode(password, out var bytes))
        {
            return ParseResult<string>.Failed(new InputProblem(Source, "The password is not valid Unicode text."));
        }

        CryptographicOperations.ZeroMemory(bytes);
        var normalised = password.Normalize(NormalizationForm.FormKC);
        var runes = normalised.EnumerateRunes().Select(r => r.Value).ToList();
        if (runes.Count < MinimumLength)
        {
            return ParseResult<string>.Failed(new InputProblem(Source, $"A password needs at least {MinimumLength} characters; a few unrelated words make a good one."));
        }

        if (runes.Distinct().Count() == 1)
        {
            return ParseResult<string>.Failed(new InputProblem(Source, "A password cannot be one character repeated."));
        }

        return ParseResult<string>.Ok(password);
    }

    /// <summary>The text to store for <paramref name="password"/>, with a fresh random salt.</summary>
    /// <exception cref="ArgumentException">The password is not valid Unicode (see <see cref="CheckStrength"/>).</exception>
    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var passwordBytes = PasswordBytes.Encode(password, nameof(password));
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(passwordBytes, salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        CryptographicOperations.ZeroMemory(passwordBytes);
        return string.Format(CultureInfo.InvariantCulture, HashFormat, Iterations, Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>
    /// Checks a typed password against stored text, in constant time over the hash. Never throws on
    /// what a user typed or on damaged stored text: both are <see cref="PasswordCheck.Failed"/>.
    /// </summary>
    /// <param name="password">What the user typed.</param>
    /// <param name="stored">
    /// The stored text, or null when no account has the user name given: the same work is then spent
    /// on a dummy hash, so the answer takes as long as for a wrong password and does not reveal which
    /// user names exist.
    /// </param>
    public PasswordCheck Verify(string? password, string? stored)
    {
        if (stored is null)
        {
            SpendEqualTime(password);
            return PasswordCheck.Failed;
        }

        if (!TryParse(stored, out var iterations, out var salt, out var expected) || !PasswordBytes.TryEncode(password, out var passwordBytes))
        {
            return PasswordCheck.Failed;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(passwordBytes, salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        CryptographicOperations.ZeroMemory(passwordBytes);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordCheck.Failed;
        }

        return iterations < Iterations ? PasswordCheck.SucceededNeedsRehash : PasswordCheck.Succeeded;
    }

    private void SpendEqualTime(string? password)
    {
        PasswordBytes.TryEncode(password, out var passwordBytes);
        Span<byte> salt = stackalloc byte[SaltBytes];
        Span<byte> hash = stackalloc byte[HashBytes];
        Rfc2898DeriveBytes.Pbkdf2(passwordBytes, salt, hash, Iterations, HashAlgorithmName.SHA256);
        CryptographicOperations.ZeroMemory(passwordBytes);
    }

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            return false;
        }

        // Digits only: no sign, no spaces, no leading zeros, so each hash has one spelling.
        var count = parts[1];
        if (count.Length is 0 or > 10 || count[0] == '0' || !count.All(char.IsAsciiDigit)
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations > MaximumIterations)
        {
            return false;
        }

        return TryDecode(parts[2], out salt) && salt.Length >= SaltBytes
            && TryDecode(parts[3], out hash) && hash.Length == HashBytes;
    }

    private static bool TryDecode(string base64, out byte[] bytes)
    {
        bytes = new byte[base64.Length];
        if (base64.Length == 0 || !Convert.TryFromBase64String(base64, bytes, out var written))
        {
            return false;
        }

        bytes = bytes[..written];
        return true;
    }

    /// <summary>
    /// A new random password for an account created by an administrator: four groups of five base32
    /// characters (100 random bits), easy to copy from a printout.
    /// </summary>
    public static string GeneratePassword() =>
        string.Join('-', Enumerable.Range(0, 4).Select(_ => System.Security.Cryptography.RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz234567", 5)));
}

using System.Text;

namespace Demarcate.Core.Trust.Internal;

/// <summary>
/// The one way a password becomes bytes, for the login hash and for the key that wraps a signing key:
/// Unicode NFKC (so the same password typed on two keyboards derives the same key), then strict UTF-8.
/// </summary>
internal static class PasswordBytes
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>False when the text is not valid Unicode (an unpaired surrogate); such a password cannot be hashed.</summary>
    public static bool TryEncode(string? password, out byte[] bytes)
    {
        bytes = [];
        if (password is null)
        {
            return false;
        }

        try
        {
            var normalised = password.IsNormalized(NormalizationForm.FormKC) ? password : password.Normalize(NormalizationForm.FormKC);
            bytes = StrictUtf8.GetBytes(normalised);
            return true;
        }
        catch (ArgumentException)
        {
            // Normalize and the strict encoder both reject unpaired surrogates.
            return false;
        }
    }

    public static byte[] Encode(string password, string parameterName) =>
        TryEncode(password, out var bytes)
            ? bytes
            : throw new ArgumentException("The password is not valid Unicode text; check it with PasswordHasher.CheckStrength first.", parameterName);
}

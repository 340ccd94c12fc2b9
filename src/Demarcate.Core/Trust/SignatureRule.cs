namespace Demarcate.Core.Trust;

/// <summary>When the commission's signatures make a sector version delimited.</summary>
public static class SignatureRule
{
    /// <summary>
    /// Whether a sector version is signed by both states: at least one valid signature over
    /// <paramref name="canonicalHash"/> from a co-chair of the first state and one from a co-chair of
    /// the second. Signatures by anyone else (legal experts, the mediator's team, administrators) and
    /// signatures that do not verify are ignored; they neither count nor spoil the others.
    /// </summary>
    /// <param name="signatures">
    /// Each signature with its signer's account and the public key the store holds for the signer
    /// under the signature's key id. The store passes only keys of that account, and leaves out a
    /// signature dated after its key was retired (<see cref="WrappedSigningKey.WasActiveAt"/>).
    /// </param>
    /// <param name="commission">The commission, for its two states.</param>
    /// <param name="canonicalHash">The version's canonical hash (<see cref="SectorVersionSignature.CanonicalHash"/>).</param>
    public static bool IsDelimited(IEnumerable<(Signature Signature, Account Signer, byte[] PublicKey)> signatures, Commission commission, byte[] canonicalHash)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(commission);
        ArgumentNullException.ThrowIfNull(canonicalHash);

        var first = false;
        var second = false;
        foreach (var (signature, signer, publicKey) in signatures)
        {
            if (signature is null || signer is null || publicKey is null
                || signer.Role != Role.CoChair || signer.Id != signature.AccountId || signer.Party != signature.Party)
            {
                continue;
            }

            var isFirst = signature.Party == commission.FirstState.Code;
            var isSecond = signature.Party == commission.SecondState.Code;
            if ((isFirst || isSecond) && SectorVersionSignature.Verify(signature, publicKey, canonicalHash))
            {
                first |= isFirst;
                second |= isSecond;
            }
        }

        return first && second;
    }
}

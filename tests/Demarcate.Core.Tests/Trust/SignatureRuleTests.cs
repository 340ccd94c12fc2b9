using System.Security.Cryptography;
using Demarcate.Core.Trust;

namespace Demarcate.Core.Tests.Trust;

public sealed class SignatureRuleTests : IDisposable
{
    private static readonly PartyCode Az = new("AZ");
    private static readonly PartyCode Am = new("AM");
    private static readonly PartyCode Eu = new("EU");
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly Commission Commission = new(
        "Joint Border Commission",
        new Party(Az, "First State", PartyRole.State),
        new Party(Am, "Second State", PartyRole.State),
        new Party(Eu, "Mediator", PartyRole.Mediator));

    private static readonly byte[] Version3 = SHA256.HashData("M-07 v3"u8);
    private static readonly byte[] Version4 = SHA256.HashData("M-07 v4"u8);

    private readonly List<ECDsa> _keys = [];

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    private (Signature Signature, Account Signer, byte[] PublicKey) SignedBy(Account account, byte[] hash, PartyCode? party = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _keys.Add(key);
        var signature = SectorVersionSignature.Sign(key, hash, account.Id, party ?? account.Party!.Value, At);
        return (signature, account, key.ExportSubjectPublicKeyInfo());
    }

    private static Account CoChair(string id, PartyCode party) => new(id, id, id, party, Role.CoChair);

    [Fact]
    public void Co_chairs_of_both_states_signing_the_version_delimit_it()
    {
        Assert.True(SignatureRule.IsDelimited([SignedBy(CoChair("az-1", Az), Version3), SignedBy(CoChair("am-1", Am), Version3)], Commission, Version3));
    }

    [Fact]
    public void One_state_alone_does_not_delimit_even_with_two_co_chairs()
    {
        Assert.False(SignatureRule.IsDelimited([SignedBy(CoChair("az-1", Az), Version3)], Commission, Version3));
        Assert.False(SignatureRule.IsDelimited([SignedBy(CoChair("az-1", Az), Version3), SignedBy(CoChair("az-2", Az), Version3)], Commission, Version3));
        Assert.False(SignatureRule.IsDelimited([], Commission, Version3));
    }

    [Fact]
    public void A_legal_expert_instead_of_a_co_chair_does_not_count()
    {
        var expert = new Account("am-2", "am-2", "am-2", Am, Role.LegalExpert);

        Assert.False(SignatureRule.IsDelimited([SignedBy(CoChair("az-1", Az), Version3), SignedBy(expert, Version3)], Commission, Version3));
    }

    [Fact]
    public void The_mediators_signature_does_not_stand_for_a_state()
    {
        var adviser = new Account("eu-1", "eu-1", "eu-1", Eu, Role.MediatorAdviser);
        var mediatorChair = CoChair("eu-2", Eu);

        Assert.False(SignatureRule.IsDelimited([SignedBy(CoChair("az-1", Az), Version3), SignedBy(adviser, Version3)], Commission, Version3));
        Assert.False(SignatureRule.IsDelimited([SignedBy(CoChair("az-1", Az), Version3), SignedBy(mediatorChair, Version3)], Commission, Version3));
    }

    [Fact]
    public void A_signature_over_another_version_does_not_count()
    {
        Assert.False(SignatureRule.IsDelimited([SignedBy(CoChair("az-1", Az), Version3), SignedBy(CoChair("am-1", Am), Version4)], Commission, Version3));
    }

    [Fact]
    public void A_co_chair_cannot_sign_for_the_other_state_or_lend_a_signature_to_another_account()
    {
        var azChair = CoChair("az-1", Az);
        var amChair = CoChair("am-1", Am);

        // The AZ co-chair signs "for AM": the party does not match the account.
        Assert.False(SignatureRule.IsDelimited([SignedBy(azChair, Version3), SignedBy(azChair, Version3, Am)], Commission, Version3));

        // An AZ co-chair's signature presented as the AM co-chair's.
        var (signature, _, publicKey) = SignedBy(azChair, Version3);
        Assert.False(SignatureRule.IsDelimited([SignedBy(azChair, Version3), (signature, amChair, publicKey)], Commission, Version3));
    }

    [Fact]
    public void A_signature_checked_against_the_wrong_key_does_not_count_nor_spoil_a_valid_one()
    {
        var az = SignedBy(CoChair("az-1", Az), Version3);
        var am = SignedBy(CoChair("am-1", Am), Version3);
        var amWithWrongKey = (am.Signature, am.Signer, az.PublicKey);

        Assert.False(SignatureRule.IsDelimited([az, amWithWrongKey], Commission, Version3));
        Assert.True(SignatureRule.IsDelimited([az, amWithWrongKey, am], Commission, Version3));
    }
}

using System.Security.Cryptography;
using System.Text;
using Demarcate.Core.Humanitarian;

namespace Demarcate.Core.Tests.Humanitarian;

public sealed class CaseSealTests
{
    [Fact]
    public void A_sealed_field_opens_with_its_case_key_for_its_own_case_and_field_only()
    {
        var key = CaseSeal.NewCaseKey();
        var sealedValue = CaseSeal.SealField(key, "hc-1", "surname", "Canaryname");

        Assert.Equal("Canaryname", CaseSeal.OpenField(key, "hc-1", "surname", sealedValue));
        Assert.Equal(-1, sealedValue.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Canaryname")));
        Assert.ThrowsAny<CryptographicException>(() => CaseSeal.OpenField(key, "hc-2", "surname", sealedValue));
        Assert.ThrowsAny<CryptographicException>(() => CaseSeal.OpenField(key, "hc-1", "firstNames", sealedValue));
        Assert.ThrowsAny<CryptographicException>(() => CaseSeal.OpenField(CaseSeal.NewCaseKey(), "hc-1", "surname", sealedValue));
        var altered = (byte[])sealedValue.Clone();
        altered[13] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => CaseSeal.OpenField(key, "hc-1", "surname", altered));
    }

    [Fact]
    public void Sealing_the_same_value_twice_gives_different_ciphertext()
    {
        var key = CaseSeal.NewCaseKey();

        Assert.NotEqual(CaseSeal.SealField(key, "hc-1", "surname", "Same"), CaseSeal.SealField(key, "hc-1", "surname", "Same"));
    }

    [Fact]
    public void A_wrapped_case_key_unwraps_only_under_its_key_encryption_key_and_for_its_case()
    {
        var kek = CaseSeal.NewCaseKey();
        var caseKey = CaseSeal.NewCaseKey();
        var wrapped = CaseSeal.WrapCaseKey(kek, "hc-1", caseKey);

        Assert.Equal(caseKey, CaseSeal.UnwrapCaseKey(kek, "hc-1", wrapped));
        Assert.ThrowsAny<CryptographicException>(() => CaseSeal.UnwrapCaseKey(kek, "hc-2", wrapped));
        Assert.ThrowsAny<CryptographicException>(() => CaseSeal.UnwrapCaseKey(CaseSeal.NewCaseKey(), "hc-1", wrapped));
        Assert.Equal(16, CaseSeal.KeyIdOf(kek).Length);
    }

    [Fact]
    public void Statuses_move_forward_only_within_their_kind()
    {
        Assert.Null(CaseStatuses.RefusalOfMove(CaseKind.PrisonerOfWar, CaseStatus.Reported, CaseStatus.Confirmed));
        Assert.Null(CaseStatuses.RefusalOfMove(CaseKind.Detainee, CaseStatus.Reported, CaseStatus.Repatriated));
        Assert.Null(CaseStatuses.RefusalOfMove(CaseKind.Remains, CaseStatus.Located, CaseStatus.HandedOver));
        Assert.NotNull(CaseStatuses.RefusalOfMove(CaseKind.PrisonerOfWar, CaseStatus.Confirmed, CaseStatus.Reported));
        Assert.NotNull(CaseStatuses.RefusalOfMove(CaseKind.PrisonerOfWar, CaseStatus.Reported, CaseStatus.Located));
        Assert.NotNull(CaseStatuses.RefusalOfMove(CaseKind.Remains, CaseStatus.Reported, CaseStatus.Confirmed));
        Assert.NotNull(CaseStatuses.RefusalOfMove(CaseKind.PrisonerOfWar, CaseStatus.Repatriated, CaseStatus.Exchanged));
        Assert.Equal(CaseStatus.HandedOver, CaseStatuses.AfterExchange(CaseKind.Remains));
        Assert.Equal(CaseStatus.Exchanged, CaseStatuses.AfterExchange(CaseKind.PrisonerOfWar));
    }

    [Fact]
    public void Particulars_round_trip_through_their_named_fields_and_unknown_names_are_problems()
    {
        var person = new PersonalParticulars { Surname = "Canaryname", DateOfBirth = new DateOnly(1987, 3, 14), GraveLocation = "row 3" };

        var back = PersonalParticulars.FromFields(person.Fields().Select(f => new KeyValuePair<string, string?>(f.Field, f.Value)), "test");

        Assert.True(back.Success);
        Assert.Equal(person, back.Value);
        var bad = PersonalParticulars.FromFields([new("nickname", "x"), new("dateOfBirth", "14.03.1987")], "person.json");
        Assert.Equal(2, bad.Problems.Count);
        Assert.All(bad.Problems, p => Assert.Equal("person.json", p.Source));
    }
}

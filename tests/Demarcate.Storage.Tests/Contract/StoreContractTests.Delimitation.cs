using System.Security.Cryptography;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    private const string CoChairPassword = "co-chair password 1";

    private async Task<(ICommissionStore Store, Dictionary<string, (Caller Caller, WrappedSigningKey Key)> People)> DelimitationStoreAsync()
    {
        var store = await DemoStoreAsync();
        var people = new Dictionary<string, (Caller, WrappedSigningKey)>(StringComparer.Ordinal);
        foreach (var account in new[]
        {
            new Account("am-cochair", "am.cochair", "AM co-chair", Am, Role.CoChair),
            new Account("az-cochair", "az.cochair", "AZ co-chair", Az, Role.CoChair),
            new Account("az-legal", "az.legal", "AZ legal expert", Az, Role.LegalExpert),
            new Account("ru-adviser", "ru.adviser", "Adviser", new PartyCode("RU"), Role.MediatorAdviser),
        })
        {
            var key = WrappedSigningKey.Create(CoChairPassword, FastHasher, DateTimeOffset.UtcNow);
            await store.CreateAccountAsync(Administrator, account, FastHasher.Hash(CoChairPassword), key, default);
            people[account.UserName] = (Caller.For(account), key);
        }

        return (store, people);
    }

    private static Signature SignAs((Caller Caller, WrappedSigningKey Key) person, SectorVersion version)
    {
        using var key = person.Key.Unwrap(CoChairPassword).Value!;
        return SectorVersionSignature.Sign(key, version.CanonicalHash(), person.Caller.Account!.Id, person.Caller.Account.Party!.Value, DateTimeOffset.UtcNow);
    }

    private MultiLineString AgreedGeometry(string sectorId) =>
        Demo.Sectors.Single(s => s.Sector.Id == sectorId).Geometry!;

    private static readonly TurningPointRow[] TurningPoints =
    [
        new("TP-1", new GeoPoint(41.2, 45.05), "field measurement"),
        new("TP-2", new GeoPoint(41.1, 45.10), "map annex"),
    ];

    [Fact]
    public async Task A_sector_is_delimited_only_when_both_co_chairs_sign_the_same_version()
    {
        var (store, people) = await DelimitationStoreAsync();
        var v1 = await store.ProposeSectorVersionAsync(people["az.legal"].Caller, "M-01", AgreedGeometry("M-01"), TurningPoints, "From TP-1 the line runs …", default);
        Assert.Equal(1, v1.Number);

        var amSigned = await store.SignSectorVersionAsync(people["am.cochair"].Caller, "M-01", 1, SignAs(people["am.cochair"], v1), default);
        Assert.False(amSigned.IsSignedByBoth);
        Assert.Equal(SectorStatus.NotStarted, (await store.GetSectorAsync(Caller.CommissionSystem, "M-01", default))!.Sector.Status);

        // A second version is proposed: signatures never carry over from one version to another.
        var v2 = await store.ProposeSectorVersionAsync(people["ru.adviser"].Caller, "M-01", AgreedGeometry("M-01"), TurningPoints, "From TP-1 the line runs, amended …", default);
        var azOnV2 = await store.SignSectorVersionAsync(people["az.cochair"].Caller, "M-01", 2, SignAs(people["az.cochair"], v2), default);
        Assert.False(azOnV2.IsSignedByBoth);

        var both = await store.SignSectorVersionAsync(people["az.cochair"].Caller, "M-01", 1, SignAs(people["az.cochair"], v1), default);
        Assert.True(both.IsSignedByBoth);
        var sector = (await store.GetSectorAsync(Caller.CommissionSystem, "M-01", default))!;
        Assert.Equal(SectorStatus.Delimited, sector.Sector.Status);
        Assert.Equal("agreed-M-01-v1", sector.LineId);
        Assert.True(sector.Geometry!.EqualsExact(AgreedGeometry("M-01")));
        var versions = await store.ListSectorVersionsAsync(people["am.cochair"].Caller, "M-01", default);
        Assert.Equal([true, false], versions.Select(v => v.IsSignedByBoth));
        Assert.Empty(await store.ListSectorVersionsAsync(Caller.Anonymous, "M-01", default));
    }

    [Fact]
    public async Task Only_co_chairs_sign_for_their_own_state_with_their_own_current_key()
    {
        var (store, people) = await DelimitationStoreAsync();
        var v1 = await store.ProposeSectorVersionAsync(people["am.cochair"].Caller, "M-02", AgreedGeometry("M-02"), TurningPoints, "text", default);
        await Assert.ThrowsAsync<NotPermittedException>(() => store.ProposeSectorVersionAsync(AmCartographer, "M-02", AgreedGeometry("M-02"), TurningPoints, "text", default));

        // A legal expert cannot sign, even with a valid key of their own.
        await Assert.ThrowsAsync<NotPermittedException>(() => store.SignSectorVersionAsync(people["az.legal"].Caller, "M-02", 1, SignAs(people["az.legal"], v1), default));

        // A co-chair cannot sign in another's name.
        var azSignature = SignAs(people["az.cochair"], v1);
        await Assert.ThrowsAsync<NotPermittedException>(() => store.SignSectorVersionAsync(people["am.cochair"].Caller, "M-02", 1, azSignature, default));

        // A signature over another text, or with a key that is not the signer's, does not verify.
        var forged = SectorVersionSignature.Sign(ECDsa.Create(ECCurve.NamedCurves.nistP256), v1.CanonicalHash(), "am-cochair", Am, DateTimeOffset.UtcNow) with { KeyId = people["am.cochair"].Key.KeyId };
        await Assert.ThrowsAsync<RuleViolationException>(() => store.SignSectorVersionAsync(people["am.cochair"].Caller, "M-02", 1, forged, default));

        await store.SignSectorVersionAsync(people["am.cochair"].Caller, "M-02", 1, SignAs(people["am.cochair"], v1), default);
        await Assert.ThrowsAsync<RuleViolationException>(() => store.SignSectorVersionAsync(people["am.cochair"].Caller, "M-02", 1, SignAs(people["am.cochair"], v1), default));
    }

    [Fact]
    public async Task Signed_versions_cannot_be_changed_even_by_sql_through_the_application_connection()
    {
        var (store, people) = await DelimitationStoreAsync();
        var v1 = await store.ProposeSectorVersionAsync(people["am.cochair"].Caller, "M-03", AgreedGeometry("M-03"), TurningPoints, "text", default);
        await store.SignSectorVersionAsync(people["am.cochair"].Caller, "M-03", 1, SignAs(people["am.cochair"], v1), default);

        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteWithTriggersAsync(store, "UPDATE sector_versions SET description = 'changed' WHERE sector_id = 'M-03'"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteWithTriggersAsync(store, "DELETE FROM sector_signatures WHERE sector_id = 'M-03'"));

        var versions = await store.ListSectorVersionsAsync(people["am.cochair"].Caller, "M-03", default);
        Assert.Equal("text", Assert.Single(versions).Description);
        Assert.Single(versions[0].Signatures);
    }

    /// <summary>Runs SQL on the backend as the application would, with its append-only triggers in place.</summary>
    protected abstract Task ExecuteWithTriggersAsync(ICommissionStore store, string sql);
}

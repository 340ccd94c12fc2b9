using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Demarcation;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Trust;
using Demarcate.Storage;
using Demarcate.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Demarcate.Server.Tests;

/// <summary>Witness marks through the API (replace with the version read, import a CSV file) and the CLI.</summary>
public sealed class WitnessMarkTests : IClassFixture<DemarcateFactory>
{
    private readonly DemarcateFactory _factory;

    public WitnessMarkTests(DemarcateFactory factory) => _factory = factory;

    private ICommissionStore Store => _factory.Services.GetRequiredService<ICommissionStore>();

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Publishes pillars M-06/1 … M-06/3 of the commission (once per factory).</summary>
    private async Task<Pillar> PublishedAsync(int sequence)
    {
        var number = PillarNumber.Of("M-06", sequence);
        if (await Store.GetPillarAsync(Caller.CommissionSystem, number.ToString(), default) is { } known)
        {
            return known;
        }

        var pillar = new Pillar(number, "M-06", PillarType.Primary, new GeoPoint(40.95 + (sequence * 0.005), 45.6)) { Publication = Publication.Published };
        await Store.RegisterPillarsAsync(Caller.CommissionSystem, [pillar], default);
        return (await Store.GetPillarAsync(Caller.CommissionSystem, number.ToString(), default))!;
    }

    [Fact]
    public async Task Marks_are_replaced_with_the_version_read_a_grid_bearing_is_reduced_by_the_utm_convergence_and_a_stale_version_is_409()
    {
        var pillar = await PublishedAsync(1);
        using var client = await _factory.ClientAsync("az.carto");

        using var saved = await client.PutAsJsonAsync("/api/pillars/M-06/1/witness-marks", new
        {
            version = pillar.Version,
            marks = new object[]
            {
                new { number = 1, kind = "cross cut in rock", bearing = 47.25, distance = 12.345, description = "on the boulder", slopeDistance = 12.5, heightDifference = -1.96 },
                new { number = 2, kind = "iron pin", bearing = 120.0, azimuth = "grid", distance = 30.0 },
            },
        });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(pillar.Version + 1, (await JsonAsync(saved)).GetProperty("version").GetInt32());
        var read = await JsonAsync(await client.GetAsync(new Uri("/api/pillars/M-06/1/witness-marks", UriKind.Relative)));
        var marks = read.GetProperty("marks").EnumerateArray().ToList();
        Assert.Equal([1, 2], marks.Select(m => m.GetProperty("number").GetInt32()));
        var convergence = Utm.Projection(38).PointFactors(pillar.Planned.Latitude, pillar.Planned.Longitude).Convergence;
        Assert.Equal("Grid", marks[1].GetProperty("azimuth").GetString());
        Assert.Equal(120 + convergence, marks[1].GetProperty("bearing").GetDouble(), 1e-9);
        Assert.Equal(convergence, marks[1].GetProperty("correction").GetDouble(), 1e-9);
        var at = Geodesic.Wgs84.Direct(pillar.Planned.Latitude, pillar.Planned.Longitude, 47.25, 12.345);
        Assert.Equal(at.Latitude, marks[0].GetProperty("computed").GetProperty("latitude").GetDouble(), 1e-12);
        Assert.Equal(at.Longitude, marks[0].GetProperty("computed").GetProperty("longitude").GetDouble(), 1e-12);
        var whole = await JsonAsync(await client.GetAsync(new Uri("/api/pillars/M-06/1", UriKind.Relative)));
        Assert.Equal(2, whole.GetProperty("witnessMarks").GetArrayLength());

        using var stale = await client.PutAsJsonAsync("/api/pillars/M-06/1/witness-marks", new { version = pillar.Version, marks = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pillar.Version + 1, (await JsonAsync(stale)).GetProperty("currentVersion").GetInt32());
        Assert.Equal(2, (await Store.ListWitnessMarksAsync(Caller.CommissionSystem, "M-06/1", default)).Count);
    }

    [Fact]
    public async Task Bad_marks_answer_400_naming_each_mark_and_nothing_is_recorded()
    {
        var pillar = await PublishedAsync(2);
        using var client = await _factory.ClientAsync("ru.carto");

        using var refused = await client.PutAsJsonAsync("/api/pillars/M-06/2/witness-marks", new
        {
            version = pillar.Version,
            marks = new object[]
            {
                new { number = 1, kind = "iron pin", bearing = 400.0, distance = 10.0 },
                new { number = 2, kind = "tree blaze", bearing = 10.0, distance = 600.0 },
                new { number = 3, kind = "iron pin", bearing = 10.0, azimuth = "magnetic", distance = 10.0 },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var reasons = (await JsonAsync(refused)).GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("reason").GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith("witness mark 1: the bearing", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("witness mark 2: the horizontal distance", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("witness mark 3: a magnetic bearing needs the declination", StringComparison.Ordinal));
        Assert.Empty(await Store.ListWitnessMarksAsync(Caller.CommissionSystem, "M-06/2", default));
        using var observer = await _factory.ClientAsync("am.observer");
        using var denied = await observer.PutAsJsonAsync("/api/pillars/M-06/2/witness-marks", new { version = pillar.Version, marks = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task A_csv_file_with_bad_rows_records_nothing_unless_the_valid_part_is_accepted()
    {
        await PublishedAsync(3);
        using var client = await _factory.ClientAsync("az.carto");
        const string File = """
            pillar,mark,kind,bearing,azimuth,correction,distance,description
            M-06/3,1,iron pin,10.5,true,,12.25,"in the culvert, north side"
            M-06/3,2,tree blaze,200,magnetic,6.5,20,old walnut
            M-06/99,1,iron pin,10,true,,12,no such pillar
            M-06/3,1,iron pin,11,true,,13,the same mark again
            M-06/3,4,iron pin,not-a-bearing,true,,13,
            """;

        using var refused = await client.PostAsync(new Uri("/api/pillars/witness-marks", UriKind.Relative), new StringContent(File, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problems = (await JsonAsync(refused)).GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal([6L, 4L, 5L], problems.Select(p => p.GetProperty("line").GetInt64()));
        Assert.Contains("not a number", problems[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("M-06/99", problems[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("already given on line 2", problems[2].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Store.ListWitnessMarksAsync(Caller.CommissionSystem, "M-06/3", default));

        using var accepted = await client.PostAsync(new Uri("/api/pillars/witness-marks?accept=valid", UriKind.Relative), new StringContent(File, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(2, (await JsonAsync(accepted)).GetProperty("recorded").GetInt32());
        var marks = await Store.ListWitnessMarksAsync(Caller.CommissionSystem, "M-06/3", default);
        Assert.Equal(["in the culvert, north side", "old walnut"], marks.Select(m => m.Description));
        Assert.Equal(206.5, marks[1].Bearing, 12);
        Assert.Equal(AzimuthKind.Magnetic, marks[1].MeasuredFrom);
    }
}

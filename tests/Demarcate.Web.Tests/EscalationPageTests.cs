using Demarcate.Core;
using Demarcate.Core.Geodesy;
using Demarcate.Core.Monitoring;
using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>
/// The escalation page in Chromium over a synthetic, deterministic incident series seeded here (not in the demo): one sector
/// stationary at two incidents a day, another whose rate doubles for its last three weeks. The strip colours sectors by
/// level, the alert list names the doubling sector, and its series draws with the baseline and the alarm days.
/// </summary>
public sealed class EscalationPageTests(Workspace workspace) : IClassFixture<Workspace>
{
    private static readonly DateOnly AsOf = new(2026, 11, 20);

    /// <summary>A Poisson draw by Knuth's product of uniforms (fine for small means), from a seeded generator.</summary>
    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble())
        {
            k++;
        }

        return k;
    }

    /// <summary>Reports and attributes 215 days of incidents in two sectors as a monitor; returns the doubling sector's id.</summary>
    private async Task<(string Steady, string Doubling)> SeedSeriesAsync()
    {
        var store = workspace.Store;
        var monitor = Caller.For((await store.FindAccountAsync("monitor", default))!.Account);
        // Sectors the demo's invented incidents (attributed on load) leave alone, so the series below is all they have.
        var busy = (await store.ListIncidentsAsync(monitor, IncidentFilter.All, default)).Select(i => i.Attribution?.SectorId).ToHashSet();
        var sectors = (await store.ListSectorsAsync(monitor, null, default))
            .Where(s => s.Geometry is not null && !busy.Contains(s.Sector.Id)).OrderBy(s => s.Sector.Id, StringComparer.Ordinal).ToList();
        var (steady, doubling) = (sectors[1].Sector.Id, sectors[3].Sector.Id);
        var near = sectors[1].Geometry!.Coordinates[0];
        var random = new Random(20261120);
        var reports = new List<Incident>();
        var sectorOf = new List<string>();
        for (var day = AsOf.AddDays(-214); day <= AsOf; day = day.AddDays(1))
        {
            foreach (var sector in new[] { steady, doubling })
            {
                var mean = sector == doubling && day > AsOf.AddDays(-21) ? 4.0 : 2.0;
                for (var n = Poisson(random, mean); n > 0; n--)
                {
                    var i = reports.Count;
                    reports.Add(new Incident("", new IncidentDate(day, TimePrecision.Day), new IncidentLocation(new GeoPoint(near.Y + (i % 50 * 0.0005), near.X + (i / 50 * 0.0005)), GeoPrecision.Exact, "synthetic", ""), IncidentType.SniperFire)
                    {
                        ReportingParty = monitor.Account!.Party,
                        Sources = [new IncidentSource("synthetic test series", "esc-series-" + i, monitor.Account.Party, null, null)],
                        Notes = "Synthetic escalation test series, not a real event.",
                    });
                    sectorOf.Add(sector);
                }
            }
        }

        var recorded = await store.ReportIncidentsAsync(monitor, reports, default);
        await store.RecordAttributionsAsync(monitor, [.. recorded.Select((r, i) => new IncidentAttributionRow(r.Id, sectorOf[i], 1000, null, null))], default);
        return (steady, doubling);
    }

    [Fact]
    public async Task The_strip_colours_sectors_by_level_the_alert_list_names_the_doubling_sector_and_its_series_draws()
    {
        var (steady, doubling) = await SeedSeriesAsync();
        await using var session = await workspace.OpenAsync();
        var page = session.Page;
        await session.SignInAsync("monitor");

        await page.GotoAsync("/incidents/escalation?asOf=2026-11-20");
        var parts = page.Locator("#escalation-strip .strip-part");
        Assert.True(await parts.CountAsync() > 3);
        Assert.Equal("High", await page.Locator($"#escalation-strip .strip-part[data-sector='{doubling}']").GetAttributeAsync("data-level"));
        var steadyLevel = await page.Locator($"#escalation-strip .strip-part[data-sector='{steady}']").GetAttributeAsync("data-level");
        Assert.Contains(steadyLevel, new[] { "Calm", "Usual", "Elevated" });

        // Each level has its own colour, as the browser computes it.
        string Background(string sector) => $"document.querySelector(\"#escalation-strip .strip-part[data-sector='{sector}']\") && getComputedStyle(document.querySelector(\"#escalation-strip .strip-part[data-sector='{sector}']\")).backgroundColor";
        var hot = await page.EvaluateAsync<string>(Background(doubling));
        var usual = await page.EvaluateAsync<string>(Background(steady));
        Assert.Equal("rgb(240, 138, 126)", hot);
        Assert.NotEqual(hot, usual);

        var alerts = page.Locator("#escalation-alerts li");
        Assert.Contains(doubling, await alerts.EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.sector)"));

        await page.Locator($"#escalation-alerts li[data-sector='{doubling}'] a").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("sector=" + doubling, StringComparison.Ordinal));
        var series = page.Locator("#escalation-series");
        Assert.Equal(doubling, await series.GetAttributeAsync("data-sector"));
        Assert.True(await series.Locator("rect.day").CountAsync() >= 200);
        Assert.True(await series.Locator("circle.alarm").CountAsync() >= 1);
        var baseline = double.Parse((await series.Locator("line.baseline").GetAttributeAsync("data-baseline"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(baseline, 1.6, 2.5);
        await session.ScreenshotAsync("escalation");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_sector_page_links_to_its_escalation_series_in_Russian_too()
    {
        await using var session = await workspace.OpenAsync("ru-RU");
        var page = session.Page;
        await page.GotoAsync("/sectors/M-04");
        await page.Locator("a.escalation-link").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/incidents/escalation?sector=M-04", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Эскалация по участкам");
        await Assertions.Expect(page.Locator("#escalation-series")).ToHaveAttributeAsync("data-sector", "M-04");
        session.AssertNoConsoleErrors();
    }
}

using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>The agreements register and the task force in Chromium: a status change recorded in the form shows in the history and the dashboard; the task force's map draws what its table lists.</summary>
public sealed class AgreementsTests(Workspace workspace) : IClassFixture<Workspace>
{
    [Fact]
    public async Task A_co_chair_records_a_status_change_and_sees_it_in_the_history_and_the_dashboard()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;
        await session.SignInAsync("am.cochair");

        // The working group's project list (due 1 March 2021) stands at the demo's level 1: overdue.
        await page.GotoAsync("/agreements");
        var overdueRow = page.Locator("#overdue tr[data-provision='TS-2021-01-11/4']");
        await Assertions.Expect(overdueRow).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#by-theme tr[data-theme='Transport']")).ToHaveCountAsync(1);
        await session.ScreenshotAsync("agreements");

        await page.Locator("tr[data-agreement='TS-2021-01-11'] a").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/agreements/TS-2021-01-11", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#provision-4")).ToHaveAttributeAsync("data-level", "1");
        await page.Locator("#assessment-provision").SelectOptionAsync("4");
        await page.Locator("#assessment-level").SelectOptionAsync("3");
        await page.Locator("#assessment-date").FillAsync("2021-06-01");
        await page.Locator("#assessment-evidence").FillAsync("Schedule handed to the leaders (browser test).");
        await page.Locator("#assessment-submit").ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/agreements/TS-2021-01-11#provision-4", StringComparison.Ordinal));
        var provision = page.Locator("#provision-4");
        await Assertions.Expect(provision).ToHaveAttributeAsync("data-level", "3");
        await Assertions.Expect(provision.Locator("ol.history li")).ToHaveCountAsync(2);
        await Assertions.Expect(provision.Locator("ol.history li").Last).ToContainTextAsync("browser test");

        await page.GotoAsync("/agreements");
        await Assertions.Expect(overdueRow).ToHaveCountAsync(0);
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_task_force_map_draws_every_listed_route_and_each_crossing_of_the_table()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;

        await page.GotoAsync("/taskforce");
        // The public sees the two published demo actions, not the submitted one.
        await Assertions.Expect(page.Locator("#actions tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("tr[data-action='TF-RAIL-YERASKH']")).ToHaveCountAsync(0);
        await page.WaitForSelectorAsync("body[data-routes-drawn]", new() { Timeout = 20_000 });
        Assert.Equal("2", await page.Locator("body").GetAttributeAsync("data-routes-drawn"));

        // Ijevan lies in Armenia and Gazakh in Azerbaijan: the road crosses the line an odd number of times.
        var counts = await page.Locator("#crossings tr[data-crossings]").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.count)");
        var ijevan = int.Parse(await page.Locator("tr[data-crossings='TF-ROAD-IJEVAN']").GetAttributeAsync("data-count") ?? "", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ijevan % 2 == 1, $"Ijevan–Gazakh crosses {ijevan} times");
        var listedPoints = await page.Locator("#crossings tr[data-crossings] ol li").CountAsync();
        Assert.True(listedPoints >= counts.Sum(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(listedPoints.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("body").GetAttributeAsync("data-crossings-drawn"));
        await session.ScreenshotAsync("taskforce");

        // An action's history opens from its row; the submitted action answers the public like a missing one.
        await page.Locator("tr[data-action='TF-ROAD-IJEVAN'] a").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/taskforce?action=TF-ROAD-IJEVAN", StringComparison.Ordinal));
        var history = page.Locator("#history[data-action='TF-ROAD-IJEVAN'] ol.history li");
        await Assertions.Expect(history).ToHaveCountAsync(1);
        await Assertions.Expect(history.First).ToHaveAttributeAsync("data-kind", "action.propose");
        await Assertions.Expect(history.First).ToHaveAttributeAsync("data-status", "Proposed");
        Assert.Equal(404, (await page.APIRequest.GetAsync("/taskforce?action=TF-RAIL-YERASKH")).Status);
        Assert.Equal(404, (await page.APIRequest.GetAsync("/taskforce?action=TF-NEVER-WAS")).Status);

        // A co-chair sees the submitted action too, and a status change shows in the action's history.
        await session.SignInAsync("az.cochair");
        await page.GotoAsync("/taskforce");
        await Assertions.Expect(page.Locator("#actions tbody tr")).ToHaveCountAsync(3);
        var changed = await page.EvaluateAsync<int>(
            "() => fetch('/api/taskforce/actions/TF-ROAD-IJEVAN/status', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ status: 'Agreed', version: 1 }) }).then(r => r.status)");
        Assert.Equal(200, changed);
        await page.GotoAsync("/taskforce?action=TF-ROAD-IJEVAN");
        await Assertions.Expect(history).ToHaveCountAsync(2);
        await Assertions.Expect(history.Last).ToHaveAttributeAsync("data-kind", "action.status");
        await Assertions.Expect(history.Last).ToHaveAttributeAsync("data-status", "Agreed");
        await session.ScreenshotAsync("taskforce-history");
        session.AssertNoConsoleErrors();
    }
}

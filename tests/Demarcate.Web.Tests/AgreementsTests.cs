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

    [Fact]
    public async Task An_adviser_revises_a_provision_its_earlier_text_stays_listed_and_a_stale_form_answers_409()
    {
        await using var adviser = await workspace.OpenAsync();
        await adviser.SignInAsync("ru.adviser");
        var page = adviser.Page;
        await using var cochair = await workspace.OpenAsync("ru-RU");
        await cochair.SignInAsync("az.cochair");

        await page.GotoAsync("/agreements/TS-2021-11-26");
        var provision = page.Locator("#provision-2");
        var before = (await provision.Locator(".provision-text").TextContentAsync())!.Trim();
        await provision.Locator("a.provision-revise").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("revise=2", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#revise-summary")).ToHaveValueAsync(before);
        // The co-chair opens the same provision's form now, before the adviser saves.
        await cochair.Page.GotoAsync("/agreements/TS-2021-11-26?revise=2");
        await Assertions.Expect(cochair.Page.Locator("#revise-form input[name=version]")).ToHaveValueAsync("1");

        await page.Locator("#revise-summary").FillAsync("The sides stabilise the border area and report to the commission (browser revision).");
        await page.Locator("#revise-theme").SelectOptionAsync("Delimitation");
        await page.Locator("#revise-responsible").FillAsync("AM, AZ, RU");
        await page.Locator("#revise-deadline").FillAsync("2022-06-30");
        await page.Locator("#revise-links").FillAsync("sector:M-02");
        await page.Locator("#revise-submit").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/agreements/TS-2021-11-26#provision-2", StringComparison.Ordinal));

        await Assertions.Expect(provision.Locator(".provision-text")).ToContainTextAsync("browser revision");
        await Assertions.Expect(provision.Locator(".provision-version")).ToHaveAttributeAsync("data-version", "2");
        await Assertions.Expect(provision).ToContainTextAsync("sector:M-02");
        await provision.Locator("details.provision-revisions summary").ClickAsync();
        var earlier = provision.Locator("details.provision-revisions li");
        await Assertions.Expect(earlier).ToHaveCountAsync(1);
        await Assertions.Expect(earlier.First).ToHaveAttributeAsync("data-version", "1");
        await Assertions.Expect(earlier.First).ToContainTextAsync(before);
        await Assertions.Expect(earlier.First).ToContainTextAsync("ru-adviser");
        await adviser.ScreenshotAsync("agreement-revision");
        adviser.AssertNoConsoleErrors();

        // The co-chair's form was read at version 1: refused with 409, in Russian, and refilled with the text as it now is.
        var stale = cochair.Page;
        await stale.Locator("#revise-summary").FillAsync("Stale edit that must not land.");
        var answer = await stale.RunAndWaitForResponseAsync(
            () => stale.Locator("#revise-submit").ClickAsync(), r => r.Request.Method == "POST" && r.Url.Contains("handler=Revise", StringComparison.Ordinal));
        Assert.Equal(409, answer.Status);
        await Assertions.Expect(stale.Locator("#revise-conflict")).ToContainTextAsync("Положение изменили");
        await Assertions.Expect(stale.Locator("#revise-summary")).ToHaveValueAsync("The sides stabilise the border area and report to the commission (browser revision).");
        await Assertions.Expect(stale.Locator("#revise-form input[name=version]")).ToHaveValueAsync("2");
        await Assertions.Expect(stale.Locator("#provision-2 .provision-text")).Not.ToContainTextAsync("Stale edit");
        await cochair.ScreenshotAsync("agreement-revision-conflict-ru");

        // A legal expert reads the register but revises nothing: no link, no form.
        await using var legal = await workspace.OpenAsync();
        await legal.SignInAsync("am.legal");
        await legal.Page.GotoAsync("/agreements/TS-2021-11-26?revise=2");
        Assert.Equal(0, await legal.Page.Locator("a.provision-revise, #revise-form").CountAsync());
    }

    [Fact]
    public async Task An_adviser_moves_an_actions_status_with_the_form_and_a_stale_form_answers_409()
    {
        await using var adviser = await workspace.OpenAsync();
        await adviser.SignInAsync("ru.adviser");
        var page = adviser.Page;
        await using var cochair = await workspace.OpenAsync("ru-RU");
        await cochair.SignInAsync("am.cochair");

        await page.GotoAsync("/taskforce?action=TF-RAIL-ARAKS");
        var form = page.Locator("#action-status-form");
        await Assertions.Expect(form).ToBeVisibleAsync();
        var version = await form.Locator("input[name=version]").InputValueAsync();
        var history = page.Locator("#history[data-action='TF-RAIL-ARAKS'] ol.history li");
        var entries = await history.CountAsync();
        await cochair.Page.GotoAsync("/taskforce?action=TF-RAIL-ARAKS");
        await Assertions.Expect(cochair.Page.Locator("#action-status-form input[name=version]")).ToHaveValueAsync(version);

        await page.Locator("#action-status").SelectOptionAsync("InProgress");
        await page.Locator("#action-status-submit").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/taskforce?action=TF-RAIL-ARAKS#history", StringComparison.Ordinal));
        await Assertions.Expect(history).ToHaveCountAsync(entries + 1);
        await Assertions.Expect(history.Last).ToHaveAttributeAsync("data-kind", "action.status");
        await Assertions.Expect(history.Last).ToHaveAttributeAsync("data-status", "InProgress");
        await Assertions.Expect(page.Locator("#action-status")).ToHaveValueAsync("InProgress");
        await adviser.ScreenshotAsync("taskforce-status-form");
        adviser.AssertNoConsoleErrors();

        // The co-chair's form still holds the old version: 409, the Russian notice, and the action as it now is.
        var stale = cochair.Page;
        await stale.Locator("#action-status").SelectOptionAsync("Suspended");
        var answer = await stale.RunAndWaitForResponseAsync(
            () => stale.Locator("#action-status-submit").ClickAsync(), r => r.Request.Method == "POST" && r.Url.Contains("handler=Status", StringComparison.Ordinal));
        Assert.Equal(409, answer.Status);
        await Assertions.Expect(stale.Locator("#action-status-conflict")).ToContainTextAsync("Действие изменилось");
        await Assertions.Expect(stale.Locator("#history ol.history li").Last).ToHaveAttributeAsync("data-status", "InProgress");
        await Assertions.Expect(stale.Locator("#action-status")).ToHaveValueAsync("InProgress");

        // A delegation's legal expert and the public see the history without the form.
        await using var legal = await workspace.OpenAsync();
        await legal.SignInAsync("az.legal");
        await legal.Page.GotoAsync("/taskforce?action=TF-RAIL-ARAKS");
        await Assertions.Expect(legal.Page.Locator("#history")).ToBeVisibleAsync();
        Assert.Equal(0, await legal.Page.Locator("#action-status-form").CountAsync());
    }
}

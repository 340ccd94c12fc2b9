using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>The pillar register in Chromium: the table and map agree, the filters narrow both, drafts stay with their delegation, and a row opens the pillar.</summary>
public sealed class PillarRegisterTests(Workspace workspace) : IClassFixture<Workspace>
{
    private static async Task<int> DrawnAsync(IPage page)
    {
        await page.WaitForSelectorAsync("body[data-pillars-drawn]", new() { Timeout = 20_000 });
        return int.Parse(await page.Locator("body").GetAttributeAsync("data-pillars-drawn") ?? "", System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_public_sees_the_published_pillars_and_a_status_filter_narrows_the_table_and_the_map()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;

        await page.GotoAsync("/pillars");
        var rows = page.Locator("#pillars tbody tr");
        // Four published pillars of M-03; the Armenian draft of M-04 is not the public's to see.
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        Assert.Equal(0, await page.Locator("tr[data-pillar='M-04/1']").CountAsync());
        Assert.Equal(4, await DrawnAsync(page));
        await session.ScreenshotAsync("pillars");

        await page.Locator("select[name=status]").SelectOptionAsync("Planned");
        await page.Locator("#pillar-filters button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("status=Planned", StringComparison.Ordinal));
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        Assert.All(await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.status)"), s => Assert.Equal("Planned", s));
        Assert.Equal(2, await DrawnAsync(page));

        // Type narrows further: the planned primary is M-03/1 alone.
        await page.Locator("select[name=type]").SelectOptionAsync("Primary");
        await page.Locator("#pillar-filters button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("type=Primary", StringComparison.Ordinal));
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("tr[data-pillar='M-03/1']")).ToHaveCountAsync(1);
        Assert.Equal(1, await DrawnAsync(page));
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_row_opens_the_pillar_with_its_survey_frame_inspection_and_history()
    {
        await using var session = await workspace.OpenAsync();
        var page = session.Page;

        await page.GotoAsync("/pillars?sector=M-03");
        await page.Locator("tr[data-pillar='M-03/3'] a").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/pillars/M-03/3", StringComparison.Ordinal));

        await Assertions.Expect(page.Locator("#pillar-planned")).ToContainTextAsync("41.0800000, 45.2200000");
        await Assertions.Expect(page.Locator("#pillar-surveyed")).ToContainTextAsync("41.0800100, 45.2200100");
        await Assertions.Expect(page.Locator("#pillar-frame")).ToContainTextAsync("ITRF2014 @ 2026.8");
        await Assertions.Expect(page.Locator("#pillar-inspections tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#pillar-inspections")).ToContainTextAsync("Concrete sound");
        // Registered by the commission, surveyed, then inspected: the history in that order.
        await Assertions.Expect(page.Locator("#pillar-history tbody tr")).ToHaveCountAsync(3);
        var actions = await page.Locator("#pillar-history tbody td:nth-child(3)").AllTextContentsAsync();
        Assert.Equal(["pillar.register", "pillar.survey", "pillar.inspect"], actions);
        await session.ScreenshotAsync("pillar");
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_delegation_sees_its_draft_pillar_and_nobody_else_can_open_it()
    {
        await using (var anonymous = await workspace.OpenAsync())
        {
            var response = await anonymous.Page.GotoAsync("/pillars/M-04/1");
            Assert.Equal(404, response!.Status);
        }

        await using var session = await workspace.OpenAsync();
        await session.SignInAsync("am.carto");
        await session.Page.GotoAsync("/pillars");
        await Assertions.Expect(session.Page.Locator("#pillars tbody tr")).ToHaveCountAsync(5);
        Assert.Equal(5, await DrawnAsync(session.Page));
        await session.Page.GotoAsync("/pillars/M-04/1");
        await Assertions.Expect(session.Page.Locator("#pillar-surveyed")).ToContainTextAsync("not yet surveyed");
        session.AssertNoConsoleErrors();
    }
}

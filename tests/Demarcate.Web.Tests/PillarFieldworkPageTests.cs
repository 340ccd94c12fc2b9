using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>
/// Planning and field work in Chromium: a delegation plans a sector (dry run on the map with the reasons, then
/// registered as its draft), and a survey team adds an inspection with a photo and changes a pillar's status.
/// </summary>
public sealed class PillarFieldworkPageTests(Workspace workspace) : IClassFixture<Workspace>
{
    [Fact]
    public async Task A_delegation_plans_a_sector_sees_the_dry_run_on_the_map_and_registers_it_as_its_draft()
    {
        await using var session = await workspace.OpenAsync("ru-RU");
        await session.SignInAsync("am.cochair");
        var page = session.Page;
        await page.GotoAsync("/pillars");

        // The form speaks the reader's language.
        await Assertions.Expect(page.Locator("#plan-run")).ToHaveTextAsync("Рассчитать (без записи)");
        await page.Locator("#plan-sector").SelectOptionAsync("M-07");
        await page.Locator("#plan-form input[name=minTurn]").FillAsync("30");
        await page.Locator("#plan-form input[name=secondarySpacing]").FillAsync("1000");
        await page.Locator("#plan-run").ClickAsync();

        var planned = page.Locator("#plan-result tbody tr");
        await Assertions.Expect(planned.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var count = await planned.CountAsync();
        Assert.True(count >= 2, $"a sector's plan has at least its two ends ({count})");
        await page.WaitForSelectorAsync("body[data-plan-drawn]");
        Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("body").GetAttributeAsync("data-plan-drawn"));
        Assert.Equal("SectorEnd", await planned.First.GetAttributeAsync("data-reason"));
        Assert.Equal("M-07/1", await planned.First.GetAttributeAsync("data-planned"));
        await session.ScreenshotAsync("pillars-plan");

        // A dry run wrote nothing; registering makes the plan AM's draft, listed in the register.
        await page.Locator("#plan-register").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("sector=M-07", StringComparison.Ordinal) && url.Contains("registered=", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#pillars tbody tr")).ToHaveCountAsync(count);
        Assert.Contains("AM", await page.Locator("tr[data-pillar='M-07/1']").TextContentAsync(), StringComparison.Ordinal);
        session.AssertNoConsoleErrors();

        // Another delegation does not see the draft.
        await using var other = await workspace.OpenAsync();
        await other.SignInAsync("az.cochair");
        await other.Page.GotoAsync("/pillars?sector=M-07");
        await Assertions.Expect(other.Page.Locator("#pillars tbody tr")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_survey_team_adds_an_inspection_with_a_photo_and_changes_the_status()
    {
        await using var session = await workspace.OpenAsync();
        await session.SignInAsync("az.carto");
        var page = session.Page;
        await page.GotoAsync("/pillars/M-03/2");

        await page.Locator("#inspection-form input[name=inspectedOn]").FillAsync("2026-11-21");
        await page.Locator("#inspection-form select[name=found]").SelectOptionAsync("Damaged");
        await page.Locator("#inspection-form textarea[name=notes]").FillAsync("Plate bent by a tractor.");
        var photo = Demarcate.Testing.TestScans.Png(12, 9, (x, y) => ((byte)(x * 20), (byte)(y * 25), 120));
        await page.Locator("#inspection-form input[name=photos]").SetInputFilesAsync(new FilePayload { Name = "plate.png", MimeType = "image/png", Buffer = photo });
        await page.Locator("#inspection-form button[type=submit]").ClickAsync();

        var inspections = page.Locator("#pillar-inspections tbody tr");
        await Assertions.Expect(inspections).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(inspections.First).ToContainTextAsync("Plate bent by a tractor.");
        await Assertions.Expect(inspections.First).ToContainTextAsync("plate.png");

        // A photo that is not one is refused, naming the file, and nothing is added.
        await page.Locator("#inspection-form input[name=inspectedOn]").FillAsync("2026-11-22");
        await page.Locator("#inspection-form input[name=photos]").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "not a photo"u8.ToArray() });
        await page.Locator("#inspection-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#fieldwork-problems li")).ToContainTextAsync("notes.txt");
        await Assertions.Expect(inspections).ToHaveCountAsync(1);

        await page.Locator("#status-form select[name=status]").SelectOptionAsync("Damaged");
        await page.Locator("#status-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#pillar-facts .pillar-status")).ToHaveTextAsync("damaged", new() { Timeout = 20_000 });
        var actions = await page.Locator("#pillar-history tbody td:nth-child(3)").AllTextContentsAsync();
        Assert.Equal(["pillar.register", "pillar.inspect", "pillar.survey"], actions);
        await session.ScreenshotAsync("pillar-fieldwork");
        // The refused photo's 400 is the browser's only complaint.
        Assert.All(session.Errors, e => Assert.Contains("400", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_survey_team_adds_and_edits_witness_marks_and_a_bad_one_is_named()
    {
        await using var session = await workspace.OpenAsync("ru-RU");
        await session.SignInAsync("ru.carto");
        var page = session.Page;
        await page.GotoAsync("/pillars/M-03/1");
        await Assertions.Expect(page.Locator("#pillar-no-witness-marks")).ToHaveTextAsync("Знаки привязки не записаны.");

        var form = page.Locator("#witness-form");
        await form.Locator("input[name=number]").FillAsync("1");
        await form.Locator("input[name=kind]").FillAsync("крест, высеченный в скале");
        await form.Locator("input[name=bearing]").FillAsync("47.25");
        await form.Locator("input[name=distance]").FillAsync("12.345");
        await form.Locator("textarea[name=description]").FillAsync("На валуне слева от дороги");
        await form.Locator("button[type=submit]").ClickAsync();

        var rows = page.Locator("#pillar-witness-marks tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(rows.First).ToContainTextAsync("47°15′00″");
        await Assertions.Expect(rows.First).ToContainTextAsync("На валуне слева от дороги");

        // A second mark from magnetic north with its declination.
        await form.Locator("input[name=number]").FillAsync("2");
        await form.Locator("input[name=kind]").FillAsync("железный штырь");
        await form.Locator("input[name=bearing]").FillAsync("300");
        await form.Locator("select[name=azimuth]").SelectOptionAsync("Magnetic");
        await form.Locator("input[name=correction]").FillAsync("6.5");
        await form.Locator("input[name=distance]").FillAsync("20");
        await form.Locator("textarea[name=description]").FillAsync("");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#pillar-witness-marks tr[data-mark='2']")).ToContainTextAsync("306°30′00″");
        await Assertions.Expect(page.Locator("#pillar-witness-marks tr[data-mark='2']")).ToContainTextAsync("склонение");

        // Editing mark 1 fills the form with it; a distance beyond 500 m is refused, naming the mark, and nothing changes.
        await page.Locator("#pillar-witness-marks button.witness-edit[data-mark='1']").ClickAsync();
        await Assertions.Expect(form.Locator("input[name=kind]")).ToHaveValueAsync("крест, высеченный в скале");
        await form.Locator("input[name=distance]").FillAsync("600");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#witness-problems li")).ToContainTextAsync("witness mark 1");
        await Assertions.Expect(rows.First).ToContainTextAsync("12,345");

        await form.Locator("input[name=distance]").FillAsync("15.5");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(rows.First).ToContainTextAsync("15,500", new() { Timeout = 20_000 });
        var actions = await page.Locator("#pillar-history tbody td:nth-child(3)").AllTextContentsAsync();
        Assert.Equal(["pillar.register", "pillar.witness-marks", "pillar.witness-marks", "pillar.witness-marks"], actions);
        await session.ScreenshotAsync("pillar-witness-marks");
        // The refused mark's 400 is the browser's only complaint.
        Assert.All(session.Errors, e => Assert.Contains("400", e, StringComparison.Ordinal));
    }
}

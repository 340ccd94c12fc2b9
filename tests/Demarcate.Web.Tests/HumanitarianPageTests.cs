using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>The humanitarian page in Chromium: an officer adds, opens and erases a case; everyone else sees the figures only.</summary>
public sealed class HumanitarianPageTests(Workspace workspace) : IClassFixture<Workspace>
{
    private static async Task<string> AddCaseAsync(IPage page, string surname)
    {
        await page.GotoAsync("/humanitarian");
        await page.Locator("#humanitarian-add-form select[name=kind]").SelectOptionAsync("PrisonerOfWar");
        await page.Locator("#humanitarian-add-form select[name=party]").SelectOptionAsync("AM");
        await page.Locator("#humanitarian-add-form input[name=reportedOn]").FillAsync("2020-11-20");
        await page.Locator("#humanitarian-add-form input[name=surname]").FillAsync(surname);
        await page.Locator("#humanitarian-add-form input[name=firstNames]").FillAsync("Zyxwvut");
        await page.Locator("#humanitarian-add-form input[name=dateOfBirth]").FillAsync("1987-03-14");
        await page.Locator("#humanitarian-add-submit").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("done=hc-", StringComparison.Ordinal));
        return new Uri(page.Url).Query.Split("done=")[1];
    }

    [Fact]
    public async Task An_officer_adds_a_case_opens_it_and_erases_the_person()
    {
        await using var session = await workspace.OpenAsync();
        await session.SignInAsync("am.humanitarian");
        var page = session.Page;

        var id = await AddCaseAsync(page, "Pagecanary");

        var row = page.Locator($"#humanitarian-cases tr[data-case='{id}']");
        await Assertions.Expect(row).ToContainTextAsync("prisoner of war");
        await row.Locator("a").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("case=" + id, StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#humanitarian-person dd[data-field=surname]")).ToHaveTextAsync("Pagecanary");
        await Assertions.Expect(page.Locator("#humanitarian-person dd[data-field=dateOfBirth]")).ToHaveTextAsync("1987-03-14");
        await session.ScreenshotAsync("humanitarian-case");

        await page.Locator("#humanitarian-status-form select[name=status]").SelectOptionAsync("Confirmed");
        await page.Locator("#humanitarian-status-form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("done=", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator($"#humanitarian-cases tr[data-case='{id}']")).ToContainTextAsync("confirmed");

        await page.GotoAsync("/humanitarian?case=" + id);
        await page.Locator("#humanitarian-erase-form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("done=", StringComparison.Ordinal));
        await page.GotoAsync("/humanitarian?case=" + id);
        await Assertions.Expect(page.Locator("#humanitarian-erased")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#humanitarian-person").CountAsync());
        await Assertions.Expect(page.Locator("#humanitarian-history li")).ToHaveCountAsync(2);
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Others_see_the_figures_only_in_russian_too_and_the_other_partys_officer_cannot_open_the_case()
    {
        string id;
        await using (var officer = await workspace.OpenAsync())
        {
            await officer.SignInAsync("am.humanitarian");
            id = await AddCaseAsync(officer.Page, "Figurecanary");
        }

        await using (var cochair = await workspace.OpenAsync("ru-RU"))
        {
            await cochair.SignInAsync("am.cochair");
            var page = cochair.Page;
            // Asked for the case by id, the co-chair still gets the figures only (the id stays in the page's own links).
            await page.GotoAsync("/humanitarian?case=" + id);
            Assert.Equal(0, await page.Locator("#humanitarian-case, #humanitarian-person").CountAsync());
            await page.GotoAsync("/humanitarian");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Гуманитарные дела");
            await Assertions.Expect(page.Locator("#humanitarian-figures-only")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#humanitarian-counts")).ToContainTextAsync("военнопленный");
            // So few AM prisoners could single one out: the co-chair reads "fewer than 5", and no exact total.
            var amPrisoners = page.Locator("#humanitarian-counts tbody tr").Filter(new() { HasText = "военнопленный" }).Locator("td.num");
            await Assertions.Expect(amPrisoners.First).ToHaveAttributeAsync("data-withheld", "true");
            await Assertions.Expect(amPrisoners.First).ToHaveTextAsync("меньше 5");
            await Assertions.Expect(page.Locator("#humanitarian-withheld")).ToContainTextAsync("«меньше 5»");
            await Assertions.Expect(page.Locator("#humanitarian-total")).ToContainTextAsync("не менее");
            Assert.Equal(0, await page.Locator("#humanitarian-cases, #humanitarian-add-form, #humanitarian-case").CountAsync());
            var html = await page.ContentAsync();
            Assert.DoesNotContain("Figurecanary", html, StringComparison.Ordinal);
            Assert.DoesNotContain(id, html, StringComparison.Ordinal);
            await cochair.ScreenshotAsync("humanitarian-figures-ru");
            cochair.AssertNoConsoleErrors();
        }

        await using var other = await workspace.OpenAsync();
        await other.SignInAsync("az.humanitarian");
        var response = await other.Page.GotoAsync("/humanitarian?case=" + id);
        Assert.Equal(404, response!.Status);
        await other.Page.GotoAsync("/humanitarian");
        Assert.Equal(0, await other.Page.Locator($"tr[data-case='{id}']").CountAsync());
    }

    [Fact]
    public async Task An_exchange_recorded_in_the_form_is_listed_for_its_partys_officer_and_not_for_the_other_partys()
    {
        string id;
        await using (var officer = await workspace.OpenAsync())
        {
            await officer.SignInAsync("am.humanitarian");
            var page = officer.Page;
            id = await AddCaseAsync(page, "Exchangecanary");
            // The officer sees the AM counts exactly: they are cases the officer may open anyway.
            Assert.Equal(0, await page.Locator("#humanitarian-counts td[data-withheld=true]").CountAsync());
            await page.Locator($"#humanitarian-cases input[name=cases][value='{id}']").CheckAsync();
            await page.Locator("#humanitarian-exchange-form input[name=heldOn]").FillAsync("2020-12-14");
            await page.Locator("#humanitarian-exchange-form input[name=place]").FillAsync("Goris checkpoint");
            await page.Locator("#humanitarian-exchange-submit").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("done=hx-", StringComparison.Ordinal));
            var exchangeId = new Uri(page.Url).Query.Split("done=")[1];
            var row = page.Locator($"#humanitarian-exchange-list tr[data-exchange='{exchangeId}']");
            await Assertions.Expect(row).ToContainTextAsync("2020-12-14");
            await Assertions.Expect(row).ToContainTextAsync("Goris checkpoint");
            await Assertions.Expect(row.Locator($"a[data-case='{id}']")).ToHaveCountAsync(1);
            await officer.ScreenshotAsync("humanitarian-exchanges");
            officer.AssertNoConsoleErrors();
        }

        await using var other = await workspace.OpenAsync("ru-RU");
        await other.SignInAsync("az.humanitarian");
        await other.Page.GotoAsync("/humanitarian");
        await Assertions.Expect(other.Page.Locator("#humanitarian-exchanges h2")).ToHaveTextAsync("Обмены");
        Assert.DoesNotContain(id, await other.Page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Goris checkpoint", await other.Page.ContentAsync(), StringComparison.Ordinal);
    }
}

using Microsoft.Playwright;

namespace Demarcate.Web.Tests;

/// <summary>
/// The description editor in Chromium: the text is resolved as it is typed, the preview line drawn, a bad line marked
/// with its problem, a refused save, a draft saved, a consistent version saved and the change between the two shown.
/// </summary>
public sealed class DescriptionEditorTests(Workspace workspace) : IClassFixture<Workspace>
{
    private static readonly float Timeout = 20_000;

    private const string Points =
        "BOUNDARY DESCRIPTION \"Sector M-05, browser test\"\n" +
        "TURNING POINT A AT 41 N 45 E IN EPSG:4326, FIXED BY MAP\n" +
        "TURNING POINT B AT 41.01 N 45 E IN EPSG:4326, FIXED BY MAP\n" +
        "TURNING POINT C AT 41.02 N 45.01 E IN EPSG:4326, FIXED BY SURVEY\n" +
        "FROM A TO B ALONG GEODESIC\n";

    [Fact]
    public async Task A_cartographer_types_a_description_sees_the_preview_and_the_bad_line_saves_a_draft_then_a_consistent_version_and_its_changes()
    {
        await using var session = await workspace.OpenAsync();
        await session.SignInAsync("am.carto");
        var page = session.Page;
        await page.GotoAsync("/sectors/M-05");
        await page.Locator("a.description-link").ClickAsync();
        await page.WaitForURLAsync("**/sectors/M-05/description");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Boundary description of sector M-05");

        // Line 6 follows a reference line nobody has: the first leg is drawn, line 6 is marked with its problem.
        await page.Locator("#description-text").FillAsync(Points + "FROM B TO C ALONG REFERENCE \"the old mill race\"\n");
        await page.WaitForSelectorAsync("body[data-preview-legs='1'][data-problem-lines='6']", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#description-gutter .bad")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#description-gutter .bad")).ToHaveAttributeAsync("data-line", "6");
        await Assertions.Expect(page.Locator("#description-problems li[data-line='6']")).ToContainTextAsync("the old mill race");
        await session.ScreenshotAsync("description-editor");

        // Saving as consistent is refused; saving as a draft keeps it with its problem.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#save-result")).ToContainTextAsync("Not saved: 1 problem");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as draft" }).ClickAsync();
        await page.WaitForURLAsync("**/sectors/M-05/description?version=AM-1");
        await Assertions.Expect(page.Locator("tr[data-version='AM-1']")).ToContainTextAsync("draft");
        await Assertions.Expect(page.Locator("tr[data-version='AM-1']")).ToContainTextAsync("1 problem");

        // Corrected, the whole line is drawn and the version saved as consistent.
        await page.Locator("#description-text").FillAsync(Points + "FROM B TO C ALONG GEODESIC\n");
        await page.WaitForSelectorAsync("body[data-preview-legs='2'][data-preview-consistent='true']", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#description-gutter .bad")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/sectors/M-05/description?version=AM-2");
        await Assertions.Expect(page.Locator("tr[data-version='AM-2']")).ToContainTextAsync("consistent");

        await page.Locator("tr[data-version='AM-2'] a.diff-link").ClickAsync();
        await Assertions.Expect(page.Locator("#description-diff li")).ToHaveTextAsync(["Leg B → C now runs differently"]);

        // The shown version's documents download: the protocol as PDF, the table as .xlsx, the map annex at a chosen scale.
        await Assertions.Expect(page.Locator("#documents-title")).ToHaveTextAsync("Documents of version AM-2");
        var protocol = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[data-document='protocol-pdf']").ClickAsync());
        Assert.Equal("M-05-AM-2-protocol-en.pdf", protocol.SuggestedFilename);
        Assert.Equal("%PDF"u8.ToArray(), (await DownloadedAsync(protocol))[..4]);
        var table = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[data-document='table-xlsx']").ClickAsync());
        Assert.Equal("PK"u8.ToArray(), (await DownloadedAsync(table))[..2]); // an .xlsx is a zip package
        await page.Locator("#map-annex-scale").SelectOptionAsync("25000");
        var map = await page.RunAndWaitForDownloadAsync(() => page.Locator("#map-annex-download").ClickAsync());
        Assert.Equal("M-05-AM-2-map-annex-1-25000.pdf", map.SuggestedFilename);
        Assert.Equal("%PDF"u8.ToArray(), (await DownloadedAsync(map))[..4]);
        session.AssertNoConsoleErrors();
    }

    private static async Task<byte[]> DownloadedAsync(IDownload download)
    {
        var path = await download.PathAsync();
        return await File.ReadAllBytesAsync(path);
    }
}

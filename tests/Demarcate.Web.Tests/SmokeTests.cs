namespace Demarcate.Web.Tests;

public sealed class SmokeTests(Workspace workspace) : IClassFixture<Workspace>
{
    [Fact]
    public async Task Front_page_opens()
    {
        await using var session = await workspace.OpenAsync();
        await session.Page.GotoAsync("/");
        Assert.Contains("Commission", await session.Page.TitleAsync(), StringComparison.Ordinal);
        session.AssertNoConsoleErrors();
    }
}

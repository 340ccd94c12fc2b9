using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Proceedings;
using Demarcate.Core.Trust;
using Demarcate.Server;
using Demarcate.Storage;
using Demarcate.Storage.Seeding;
using Demarcate.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Web.Tests;

/// <summary>
/// The whole web workspace as a user meets it: the server on a real loopback port (a browser cannot
/// reach WebApplicationFactory's in-memory server) over a fresh demo store, and Debian's Chromium
/// driven headless by Playwright. One per test class; each test opens its own browser context.
/// </summary>
public sealed class Workspace : IAsyncLifetime, IDisposable
{
    /// <summary>Every demo account's password here.</summary>
    public const string Password = "browser tests password";

    /// <summary>Where Debian installs Chromium (scripts/test installs it when missing; `playwright install` cannot download here).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly ScratchFolder _scratch = new();
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The running server's store, for a test that seeds its own records (through the store's rules, as any client would).</summary>
    public ICommissionStore Store => _app!.Services.GetRequiredService<ICommissionStore>();

    /// <summary>Screenshots of every run, beside the test results (scripts/test keeps them in TestResults/).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        var store = await ServerApp.OpenWithDemoAsync(_scratch.File("web.gpkg"), _scratch.File("journal-key.pem"), CancellationToken.None);
        _app = await ServerApp.CreateAsync(
            ["--urls=http://127.0.0.1:0", "--environment=Production", $"--{ServerApp.PasswordIterationsKey}=1000"],
            store,
            CancellationToken.None);
        await DemoAccounts.EnsureAsync(store, _app.Services.GetRequiredService<PasswordHasher>(), () => Password, CancellationToken.None);
        await MoveSomeSectorsAsync(store);
        await HoldASessionAsync(store);
        await FitAScanAsync(store);
        await SetSomePillarsAsync(store);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>
    /// A commission at work rather than one just set up: the Armenian co-chair moves a few sectors through
    /// the workflow (the real store, the real rules), so the border strip and a sector's history have something to show.
    /// </summary>
    private static async Task MoveSomeSectorsAsync(ICommissionStore store)
    {
        var cochair = Caller.For((await store.FindAccountAsync("am.cochair", CancellationToken.None))!.Account);
        foreach (var id in new[] { "M-02", "M-03", "M-04", "M-05", "M-06", "N-02", "N-03" })
        {
            await store.ChangeSectorStatusAsync(cochair, id, SectorStatus.UnderDiscussion, expectedVersion: 1, CancellationToken.None);
        }

        foreach (var id in new[] { "M-03", "M-04" })
        {
            await store.ChangeSectorStatusAsync(cochair, id, SectorStatus.AgreedInPrinciple, expectedVersion: 2, CancellationToken.None);
        }
    }

    /// <summary>The session's date in the seeded proceedings (tests look for it on the pages).</summary>
    public static readonly DateOnly SessionDate = new(2026, 11, 20);

    /// <summary>
    /// Proceedings through the real workflow: the Azerbaijani cartographer drafts and submits a proposal
    /// for M-02, the co-chair plans a session at Gabala, holds it, records a decision on the proposal, and
    /// the Armenian cartographer adds the session's minutes (an Armenian draft, so only that delegation sees it).
    /// </summary>
    private static async Task HoldASessionAsync(ICommissionStore store)
    {
        async Task<Caller> As(string userName) => Caller.For((await store.FindAccountAsync(userName, CancellationToken.None))!.Account);
        var azCarto = await As("az.carto");
        var amCochair = await As("am.cochair");
        var amCarto = await As("am.carto");
        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        var line = factory.CreateLineString([new Coordinate(45.0, 41.0), new Coordinate(45.1, 40.9)]);
        var proposal = await store.DraftProposalAsync(azCarto, new ProposalDraft("M-02", "Follow the ridge", "The 1976 sheet shows the ridge line.") { Geometry = factory.CreateMultiLineString([line]) }, CancellationToken.None);
        await store.SubmitProposalAsync(azCarto, proposal.Id, proposal.Version, CancellationToken.None);
        var draft = new SessionDraft(SessionDate, "Gabala") { Agenda = [new AgendaItem("Sector M-02", ["M-02"])] };
        var session = await store.PlanSessionAsync(amCochair, draft, CancellationToken.None);
        await store.ReviseSessionAsync(amCochair, session.Id, session.Version, draft with { Status = SessionStatus.Held }, CancellationToken.None);
        await store.RecordDecisionAsync(amCochair, new DecisionDraft(session.Id, ["M-02"], "The commission takes up the ridge proposal.") { ProposalId = proposal.Id }, CancellationToken.None);
        await store.AddDocumentAsync(amCarto, new DocumentDraft(DocumentKind.Minutes, "Minutes of Gabala") { SessionId = session.Id }, DocumentContent.Text("Minutes."), CancellationToken.None);
    }

    /// <summary>The sheet the demo scan shows: the 1:100 000 sheet over the main section near Ijevan.</summary>
    public static readonly Demarcate.Core.Geodesy.SheetId ScanSheet = Demarcate.Core.Geodesy.SheetNomenclature.SheetAt(41.0, 45.2, Demarcate.Core.Geodesy.SheetScale.HundredThousand);

    /// <summary>
    /// The mediator's cartographer attaches a 400 × 300 scan of <see cref="ScanSheet"/> to the OpenStreetMap source, in four
    /// coloured quadrants (NW red, NE blue, SW green, SE yellow) so a test can tell where each part was drawn, and fits it
    /// by the sheet's corners at the image's corners.
    /// </summary>
    private static async Task FitAScanAsync(ICommissionStore store)
    {
        var carto = Caller.For((await store.FindAccountAsync("ru.carto", CancellationToken.None))!.Account);
        var png = TestScans.Png(400, 300, (c, r) => (c < 200, r < 150) switch
        {
            (true, true) => (220, 20, 20),
            (false, true) => (20, 20, 220),
            (true, false) => (20, 200, 20),
            _ => (230, 220, 20),
        });
        await store.AttachSourceFileAsync(carto, "osm", "sheet.png", "image/png", png, CancellationToken.None);
        var rows = Demarcate.Core.Georeferencing.GroundControlPoints.Parse("id,column,row\nNW,0,0\nNE,400,0\nSE,400,300\nSW,0,300\n", "corners", needMapPositions: false).Value;
        var corners = Demarcate.Core.Georeferencing.GroundControlPoints.FromSheetCorners(rows, ScanSheet, "corners").Value;
        await store.GeoreferenceScanAsync(carto, new Demarcate.Core.Georeferencing.GeoreferencedScan("osm", "sheet.png", "EPSG:4284", 1, corners) { Sheet = ScanSheet.ToString() }, CancellationToken.None);
    }

    /// <summary>
    /// A pillar register in use: the commission publishes four pillars of M-03 (two primary, two secondary), the mediator's
    /// cartographer surveys two of them (one emplaced, one verified) and inspects one, and the Armenian cartographer
    /// drafts a pillar of M-04 that only the Armenian delegation sees.
    /// </summary>
    private static async Task SetSomePillarsAsync(ICommissionStore store)
    {
        async Task<Caller> As(string userName) => Caller.For((await store.FindAccountAsync(userName, CancellationToken.None))!.Account);
        Demarcate.Core.Demarcation.Pillar Planned(int sequence, Demarcate.Core.Demarcation.PillarType type, double latitude, double longitude) =>
            new(Demarcate.Core.Demarcation.PillarNumber.Of("M-03", sequence), "M-03", type, new Demarcate.Core.Geodesy.GeoPoint(latitude, longitude))
            {
                Chainage = sequence * 1000,
                Publication = Publication.Published,
            };
        await store.RegisterPillarsAsync(
            Caller.CommissionSystem,
            [
                Planned(1, Demarcate.Core.Demarcation.PillarType.Primary, 41.10, 45.20),
                Planned(2, Demarcate.Core.Demarcation.PillarType.Secondary, 41.09, 45.21),
                Planned(3, Demarcate.Core.Demarcation.PillarType.Primary, 41.08, 45.22),
                Planned(4, Demarcate.Core.Demarcation.PillarType.Secondary, 41.07, 45.23),
            ],
            CancellationToken.None);
        var surveyor = await As("ru.carto");
        Demarcate.Core.Demarcation.SurveyObservation Observed(int sequence, double latitude, double longitude, Demarcate.Core.Demarcation.PillarStatus status) =>
            new(Demarcate.Core.Demarcation.PillarNumber.Of("M-03", sequence), new Demarcate.Core.Demarcation.SurveyedPosition(new Demarcate.Core.Geodesy.GeoPoint(latitude, longitude), "ITRF2014", 2026.8, "GNSS RTK", 0.02) { ObservedOn = new DateOnly(2026, 10, 14) }, status);
        await store.RecordSurveyAsync(surveyor, [Observed(3, 41.08001, 45.22001, Demarcate.Core.Demarcation.PillarStatus.Emplaced), Observed(4, 41.07, 45.23002, Demarcate.Core.Demarcation.PillarStatus.Verified)], CancellationToken.None);
        await store.AddInspectionAsync(surveyor, new Demarcate.Core.Demarcation.PillarInspection("M-03/3", new DateOnly(2026, 11, 2), Demarcate.Core.Demarcation.PillarStatus.Emplaced, "Concrete sound, plate legible.", []), CancellationToken.None);
        var amCarto = await As("am.carto");
        await store.RegisterPillarsAsync(
            amCarto,
            [new Demarcate.Core.Demarcation.Pillar(Demarcate.Core.Demarcation.PillarNumber.Of("M-04", 1), "M-04", Demarcate.Core.Demarcation.PillarType.Primary, new Demarcate.Core.Geodesy.GeoPoint(41.05, 45.25)) { Owner = new PartyCode("AM") }],
            CancellationToken.None);
    }

    /// <summary>A fresh browser session at 1366×768 (the commission's laptops), in <paramref name="locale"/>, recording the console.</summary>
    public async Task<BrowserSession> OpenAsync(string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            Locale = locale,
            AcceptDownloads = true,
        });
        return await BrowserSession.StartAsync(context);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>The scratch store goes last, after the server has let go of it.</summary>
    public void Dispose() => _scratch.Dispose();
}

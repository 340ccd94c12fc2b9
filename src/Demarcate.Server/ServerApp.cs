using Demarcate.Core.Humanitarian;
using Demarcate.Core.Trust;
using Demarcate.Server.Endpoints;
using Demarcate.Server.Localization;
using Demarcate.Server.Trust;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.WebEncoders;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Demarcate.Storage;
using Demarcate.Storage.Seeding;

namespace Demarcate.Server;

/// <summary>
/// Builds the commission's web server around one store: the REST API, health, and the web pages.
/// Used by <c>demarcate serve</c> and by the in-process tests alike.
/// </summary>
public static class ServerApp
{
    /// <summary>Configuration key of the GeoPackage file to serve when no store is given.</summary>
    public const string StorePathKey = "Demarcate:Store";

    /// <summary>Configuration key of the journal key file (default: beside the GeoPackage, or in the working folder).</summary>
    public const string JournalKeyKey = "Demarcate:JournalKey";

    /// <summary>Configuration key of a PostgreSQL database to serve instead (postgresql://user:password@host:port/database).</summary>
    public const string DatabaseKey = "Demarcate:Database";

    /// <summary>The file of the key-encryption key of humanitarian cases (default: beside the journal key; docs/humanitarian.md).</summary>
    public const string HumanitarianKeyKey = "Demarcate:HumanitarianKey";

    /// <summary>
    /// Configuration key of the disclosure threshold of the humanitarian figures: counts from 1 to one below it, of cases
    /// the reader may not see, are shown as "fewer than N" (default 5; 1 withholds nothing; docs/humanitarian.md).
    /// </summary>
    public const string HumanitarianDisclosureThresholdKey = "Demarcate:HumanitarianDisclosureThreshold";

    /// <summary>Configuration key of the PBKDF2 iteration count for passwords (tests lower it; production uses OWASP's).</summary>
    public const string PasswordIterationsKey = "Demarcate:PasswordIterations";

    private const string SessionOrToken = "SessionOrToken";

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>Largest request body accepted, in bytes; larger uploads are refused with 413.</summary>
    public const long MaxRequestBodyBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Creates the application. With <paramref name="store"/> null, opens the GeoPackage named by
    /// <see cref="StorePathKey"/> (default demarcate.gpkg) and loads the demo commission into it when empty.
    /// </summary>
    public static async Task<WebApplication> CreateAsync(string[] args, ICommissionStore? store, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot() });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        if (store is null)
        {
            var location = builder.Configuration[DatabaseKey] ?? builder.Configuration[StorePathKey] ?? "demarcate.gpkg";
            store = await OpenWithDemoAsync(location, builder.Configuration[JournalKeyKey], builder.Configuration[HumanitarianKeyKey], cancellationToken);
        }

        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(TimeProvider.System);
        var threshold = builder.Configuration.GetValue<int?>(HumanitarianDisclosureThresholdKey) ?? FigureDisclosure.DefaultThreshold;
        if (!FigureDisclosure.IsValidThreshold(threshold))
        {
            throw new InvalidOperationException($"{HumanitarianDisclosureThresholdKey} is at least 1 (1 withholds nothing); {threshold} is not.");
        }

        builder.Services.AddSingleton(new HumanitarianDisclosure(threshold));
        var iterations = builder.Configuration.GetValue<int?>(PasswordIterationsKey);
        builder.Services.AddSingleton(iterations is { } n ? new PasswordHasher(n) : PasswordHasher.Production);
        builder.Services.AddScoped<SignIn>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<RefusalProblems>();
        builder.Services.AddOpenApi();
        builder.Services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = SessionOrToken;
                o.DefaultChallengeScheme = SessionOrToken;
            })
            .AddPolicyScheme(SessionOrToken, "Cookie session or API token", o =>
                o.ForwardDefaultSelector = context => ApiTokenAuthentication.PresentedToken(context.Request) is null
                    ? CookieAuthenticationDefaults.AuthenticationScheme
                    : ApiTokenAuthentication.SchemeName)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.Cookie.Name = "demarcate.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // The API answers 401/403; only pages are sent to the sign-in form.
                o.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
        // The pages live in this assembly, whichever program (server or `demarcate serve`) hosts them.
        builder.Services.AddRazorPages().AddApplicationPart(typeof(ServerApp).Assembly);
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton<Catalogue>();
        // Pages in Russian, Armenian and Azerbaijani are written as text, not as &#x…; escapes of every letter.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        var app = builder.Build();
        // Behind nginx (docs/deploying.md) the scheme and client address come from the proxy on loopback,
        // so the session cookie is marked Secure on HTTPS and logs name the real client.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        app.UseExceptionHandler();
        // Kestrel enforces the limit on streamed bodies; a declared length over it is refused before any reading.
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxRequestBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.Response.WriteAsJsonAsync(
                    new { title = "Request too large", status = 413, detail = $"Requests are limited to {MaxRequestBodyBytes / (1024 * 1024)} MB." },
                    options: null,
                    contentType: "application/problem+json");
                return;
            }

            await next(context);
        });
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseRequestLocalization(Languages.Options());
        app.UseRouting();
        app.UseAuthentication();
        app.UseCallers();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi().AllowAnonymous();
        app.MapHealth();
        app.MapBoundary();
        app.MapLines();
        app.MapCompare();
        app.MapDelimitation();
        app.MapDescriptions();
        app.MapDelimitationDocuments();
        app.MapProceedings();
        app.MapTrust();
        app.MapGeodesy();
        app.MapSources();
        app.MapOgcFeatures();
        app.MapPillars();
        app.MapPillarFieldwork();
        app.MapWitnessMarks();
        app.MapIncidents();
        app.MapAgreements();
        app.MapPillarDocuments();
        app.MapTiles();
        app.MapExchange();
        app.MapHumanitarian();
        app.MapLayers();
        app.MapRazorPages();
        return app;
    }

    /// <summary>The web root shipped beside the assembly (every build output has one), whatever the working folder.</summary>
    private static string? WebRoot()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(beside) ? beside : null;
    }

    /// <summary>Opens (or creates) a store and loads the demo commission into it if it is empty.</summary>
    /// <exception cref="StoreException">The store cannot be used.</exception>
    public static Task<ICommissionStore> OpenWithDemoAsync(string location, string? journalKeyFile, CancellationToken cancellationToken) =>
        OpenWithDemoAsync(location, journalKeyFile, humanitarianKeyFile: null, cancellationToken);

    /// <summary>Opens (or creates) a store with its journal and humanitarian key files, loading the demo commission into it if it is empty.</summary>
    /// <exception cref="StoreException">The store cannot be used.</exception>
    public static async Task<ICommissionStore> OpenWithDemoAsync(string location, string? journalKeyFile, string? humanitarianKeyFile, CancellationToken cancellationToken)
    {
        var store = await CommissionStores.OpenForWritingAsync(location, journalKeyFile, humanitarianKeyFile, cancellationToken);
        if (await store.IsEmptyAsync(cancellationToken))
        {
            await store.ImportAsync(await DemoCommission.BuildAsync(cancellationToken), cancellationToken);
            await DemoIncidents.LoadAsync(store, cancellationToken);
            await DemoAgreements.EnsureAsync(store, cancellationToken);
            await DemoReferenceLayers.EnsureAsync(store, cancellationToken);
        }

        return store;
    }
}

/// <summary>The disclosure threshold the server applies to the humanitarian figures (<see cref="ServerApp.HumanitarianDisclosureThresholdKey"/>).</summary>
public sealed record HumanitarianDisclosure(int Threshold);

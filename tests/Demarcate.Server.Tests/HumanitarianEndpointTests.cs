using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Demarcate.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Demarcate.Server.Tests;

/// <summary>
/// The humanitarian API end to end on a server logging every request at the most verbose level: what officers and
/// others get, erasure as the API reports it, and the canary person in none of the captured log lines, the exports, nor
/// the store's file and WAL.
/// </summary>
public sealed class HumanitarianEndpointTests : IDisposable
{
    private readonly DemarcateFactory _factory = new();
    private readonly CapturedLog _log = new();

    public void Dispose()
    {
        _factory.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Officers_work_a_case_through_the_api_others_see_figures_and_no_log_export_or_store_file_holds_the_canary()
    {
        using var logged = _factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(_log)));
        var tokens = await TokensAsync(logged);
        HttpClient As(string user)
        {
            var client = logged.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Add("X-Api-Key", tokens[user]);
            return client;
        }

        using var am = As("am.humanitarian");
        using var ru = As("ru.humanitarian");
        using var az = As("az.humanitarian");
        using var cochair = As("am.cochair");

        using var created = await am.PostAsJsonAsync(
            "/api/humanitarian/cases",
            new { kind = "PrisonerOfWar", party = "AM", reportedOn = "2020-11-20", person = new { surname = "Canaryname", firstNames = "Zyxwvut", dateOfBirth = "1987-03-14", motherMaidenName = "Mothermaidenqwerty" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var bad = await am.PostAsJsonAsync("/api/humanitarian/cases", new { kind = "Spy", party = "AM", reportedOn = "2020-11-20", person = new { nickname = "x" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);

        var opened = await ru.GetFromJsonAsync<JsonElement>($"/api/humanitarian/cases/{id}");
        Assert.Equal("Canaryname", opened.GetProperty("person").GetProperty("surname").GetString());
        Assert.Equal("decrypted", opened.GetProperty("personal").GetString());
        using (var hidden = await az.GetAsync(new Uri($"/api/humanitarian/cases/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        using (var refused = await cochair.GetAsync(new Uri("/api/humanitarian/cases", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        Assert.DoesNotContain(id, await az.GetStringAsync(new Uri("/api/humanitarian/cases", UriKind.Relative)), StringComparison.Ordinal);

        using (var moved = await am.PostAsJsonAsync($"/api/humanitarian/cases/{id}/status", new { status = "Confirmed", version = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        using (var stale = await am.PostAsJsonAsync($"/api/humanitarian/cases/{id}/status", new { status = "Repatriated", version = 1 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        }

        string exchangeId;
        using (var exchanged = await ru.PostAsJsonAsync("/api/humanitarian/exchanges", new { heldOn = "2020-12-14", place = "Goris", intermediary = "ICRC", cases = new[] { id } }))
        {
            Assert.Equal(HttpStatusCode.Created, exchanged.StatusCode);
            exchangeId = (await exchanged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        // The exchange is listed and read by the officers who see its case; the other party's officer meets a missing one.
        var listed = Assert.Single((await am.GetFromJsonAsync<JsonElement>("/api/humanitarian/exchanges")).EnumerateArray());
        Assert.Equal(exchangeId, listed.GetProperty("id").GetString());
        Assert.Equal([id], listed.GetProperty("cases").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Goris", (await ru.GetFromJsonAsync<JsonElement>($"/api/humanitarian/exchanges/{exchangeId}")).GetProperty("place").GetString());
        Assert.Empty((await az.GetFromJsonAsync<JsonElement>("/api/humanitarian/exchanges")).EnumerateArray());
        using (var hiddenExchange = await az.GetAsync(new Uri($"/api/humanitarian/exchanges/{exchangeId}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, hiddenExchange.StatusCode);
            Assert.Equal("application/problem+json", hiddenExchange.Content.Headers.ContentType?.MediaType);
        }

        using (var refusedList = await cochair.GetAsync(new Uri("/api/humanitarian/exchanges", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refusedList.StatusCode);
        }

        // One exchanged prisoner could be singled out: the co-chair reads "fewer than 5" and no total; the officers the count.
        var summary = await cochair.GetFromJsonAsync<JsonElement>("/api/humanitarian/summary");
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("total").ValueKind);
        Assert.Equal(1, summary.GetProperty("totalAtLeast").GetInt32());
        Assert.Equal(5, summary.GetProperty("disclosureThreshold").GetInt32());
        Assert.Equal(1, summary.GetProperty("exchanges").GetInt32());
        var withheld = summary.GetProperty("counts")[0];
        Assert.Equal("Exchanged", withheld.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, withheld.GetProperty("count").ValueKind);
        Assert.Equal(5, withheld.GetProperty("fewerThan").GetInt32());
        Assert.DoesNotContain(id, summary.GetRawText(), StringComparison.Ordinal);
        var officers = await am.GetFromJsonAsync<JsonElement>("/api/humanitarian/summary");
        Assert.Equal(1, officers.GetProperty("total").GetInt32());
        Assert.Equal(1, officers.GetProperty("counts")[0].GetProperty("count").GetInt32());

        // The threshold is the deployment's to set: at 1 nothing is withheld, even from the co-chair.
        using (var untouched = _factory.WithWebHostBuilder(b => b.UseSetting(ServerApp.HumanitarianDisclosureThresholdKey, "1")))
        {
            using var client = untouched.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", tokens["am.cochair"]);
            var exact = await client.GetFromJsonAsync<JsonElement>("/api/humanitarian/summary");
            Assert.Equal(1, exact.GetProperty("disclosureThreshold").GetInt32());
            Assert.Equal(1, exact.GetProperty("total").GetInt32());
            Assert.Equal(1, exact.GetProperty("counts")[0].GetProperty("count").GetInt32());
        }

        var places = new List<(string Name, byte[] Bytes)>();
        foreach (var format in new[] { "gpkg", "geojson", "kml", "csv" })
        {
            places.Add(("export " + format, await am.GetByteArrayAsync(new Uri($"/api/export?format={format}", UriKind.Relative))));
        }

        using (var erased = await am.PostAsync(new Uri($"/api/humanitarian/cases/{id}/erase", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        }

        var after = await am.GetFromJsonAsync<JsonElement>($"/api/humanitarian/cases/{id}");
        Assert.Equal("erased", after.GetProperty("personal").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("person").ValueKind);
        Assert.Equal(["Reported", "Confirmed", "Exchanged"], after.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));

        var store = logged.Services.GetRequiredService<ICommissionStore>();
        var journal = new StringBuilder();
        await foreach (var entry in store.ReadJournalAsync(default))
        {
            journal.AppendLine(string.Join('\t', entry.Action, entry.RecordId, entry.Actor, entry.Before, entry.After));
        }

        Assert.Equal(2, journal.ToString().Split('\n').Count(l => l.StartsWith("humanitarian.read\t" + id, StringComparison.Ordinal)));
        places.Add(("journal", Encoding.UTF8.GetBytes(journal.ToString())));
        Assert.Contains(id, _log.Text, StringComparison.Ordinal); // the log did capture the requests
        places.Add(("captured log", Encoding.UTF8.GetBytes(_log.Text)));
        foreach (var file in new[] { _factory.StorePath, _factory.StorePath + "-wal", _factory.StorePath + "-shm" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            places.Add((Path.GetFileName(file), copy.ToArray()));
        }

        var leaks = places.SelectMany(p => HumanitarianCliTests.Find(p.Name, p.Bytes)).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    private static async Task<Dictionary<string, string>> TokensAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory)
    {
        var store = factory.Services.GetRequiredService<ICommissionStore>();
        var hasher = factory.Services.GetRequiredService<Demarcate.Core.Trust.PasswordHasher>();
        await Demarcate.Storage.Seeding.DemoAccounts.EnsureAsync(store, hasher, () => DemarcateFactory.Password, default);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var account in await store.ListAccountsAsync(Demarcate.Core.Caller.CommissionSystem, default))
        {
            var token = Demarcate.Core.Trust.ApiToken.Create();
            await store.AddApiTokenAsync(Demarcate.Core.Caller.For(account), token.ToStored(account.Id, "tests", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1)), default);
            tokens[account.UserName] = token.Token;
        }

        return tokens;
    }

    /// <summary>Every log line the server writes, at every level, with its structured values and exceptions.</summary>
    private sealed class CapturedLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text => string.Join('\n', _lines);

        public ILogger CreateLogger(string categoryName) => new Writer(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Writer(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                lines.Enqueue(category + " scope " + state);
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => p.Key + "=" + p.Value)) : "";
                lines.Enqueue($"{logLevel} {category} {formatter(state, exception)} {values} {exception}");
            }
        }
    }
}

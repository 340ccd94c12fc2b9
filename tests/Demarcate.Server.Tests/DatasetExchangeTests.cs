using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Trust;
using Demarcate.Formats;
using Demarcate.Formats.Exchange;
using Demarcate.Formats.GeoJson;
using Demarcate.Server.Endpoints;
using Demarcate.Storage;
using Demarcate.Storage.Sqlite;
using Demarcate.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Demarcate.Server.Tests;

/// <summary>
/// The dataset exchange against GDAL as the oracle a QGIS user's machine is: our GeoPackage and KML read by ogr2ogr
/// with the same features and coordinates, GeoPackages ogr2ogr wrote (from our GeoJSON, from a shapefile) imported
/// by us; and the HTTP export and import with their authorisation and size limit.
/// </summary>
public sealed class DatasetExchangeTests : IClassFixture<DemarcateFactory>
{
    private const string AmDraft = "am-exchange-http-draft";
    private readonly DemarcateFactory _factory;

    public DatasetExchangeTests(DemarcateFactory factory) => _factory = factory;

    private async Task SeedAmDraftAsync()
    {
        await _factory.AccountTokensAsync();
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        if (await store.GetLineAsync(Caller.CommissionSystem, AmDraft, default) is null)
        {
            var am = new PartyCode("AM");
            var author = Caller.For(new Account("am-carto", "am.carto", "AM cartographer", am, Role.Cartographer));
            var template = (await store.ListLinesAsync(Caller.CommissionSystem, "main", default))[0];
            await store.AddLineAsync(author, template with { Id = AmDraft, Kind = LineKind.PartyClaim, Owner = am, ClaimedBy = am, SourceId = null, Name = "AM exchange draft" }, default);
        }
    }

    private async Task<byte[]> ExportAsync(string? role, string query)
    {
        using var client = await _factory.ClientAsync(role);
        using var response = await client.GetAsync(new Uri("/api/export?" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The features of one layer of a file as GDAL reads them, through ogr2ogr's GeoJSON.</summary>
    private static async Task<IReadOnlyList<GeoJsonFeature>> GdalFeaturesAsync(string file, string layer)
    {
        var run = await ExternalTool.RunAsync("ogr2ogr", ["-f", "GeoJSON", "/vsistdout/", file, layer]);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var read = await GeoJsonReader.ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(run.StandardOutput)), layer, default);
        Assert.True(read.Success, string.Join("\n", read.Problems));
        return read.Value;
    }

    private static string? Property(GeoJsonFeature feature, string name) =>
        feature.Properties.TryGetValue(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    /// <summary>Same number of positions, each within 1e-9° (GDAL prints 15 significant digits).</summary>
    private static void AssertSameCoordinates(Geometry expected, Geometry actual, string what)
    {
        var a = expected.Coordinates;
        var b = actual.Coordinates;
        Assert.True(a.Length == b.Length, $"{what}: {a.Length} positions, GDAL read {b.Length}");
        for (var i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a[i].X - b[i].X) < 1e-9 && Math.Abs(a[i].Y - b[i].Y) < 1e-9, $"{what}: position {i} {a[i]} read by GDAL as {b[i]}");
        }
    }

    [Fact]
    public async Task Our_geopackage_and_kml_read_in_gdal_with_the_same_features_attributes_and_coordinates()
    {
        await SeedAmDraftAsync();
        using var scratch = new ScratchFolder();
        var gpkg = scratch.File("dataset.gpkg");
        await File.WriteAllBytesAsync(gpkg, await ExportAsync("am.carto", "format=gpkg"));
        var ours = await DatasetReader.ReadGeoPackageAsync(gpkg, "dataset.gpkg");
        Assert.True(ours.Success, string.Join("\n", ours.Problems));
        Assert.Contains(ours.Value.Features(DatasetSchema.Lines), f => f.Text("line_id") == AmDraft);

        var listing = await ExternalTool.RunAsync("ogrinfo", ["-ro", "-q", gpkg]);
        foreach (var layer in DatasetSchema.Layers)
        {
            Assert.Contains($": {layer.Name} ({(layer.HasGeometry ? layer.GeometryType == "POINT" ? "Point" : "Multi Line String" : "None")})", listing.StandardOutput, StringComparison.Ordinal);
        }

        var kml = scratch.File("dataset.kml");
        await File.WriteAllBytesAsync(kml, await ExportAsync("am.carto", "format=kml"));
        // LIBKML makes a layer of each folder: one per dataset layer, and one per section inside the drawn ones.
        var kmlLayers = (await ExternalTool.RunAsync("ogrinfo", ["-ro", "-q", kml])).StandardOutput
            .Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]).ToList();
        Assert.Contains("Commission", kmlLayers);
        Assert.Contains("Boundary lines, section main", kmlLayers);
        var kmlFeatures = new List<GeoJsonFeature>();
        foreach (var layer in kmlLayers)
        {
            kmlFeatures.AddRange(await GdalFeaturesAsync(kml, layer));
        }

        // Every record is in the KML, records without a geometry (commission, sections, sources) as Placemarks GDAL reads too.
        Assert.Equal(
            ours.Value.Layers.Select(l => $"{l.Schema.Name} {l.Features.Count}"),
            ours.Value.Layers.Select(l => $"{l.Schema.Name} {kmlFeatures.Count(f => Property(f, "layer") == l.Schema.Name)}"));
        foreach (var layer in ours.Value.Layers.Where(l => l.Schema.HasGeometry))
        {
            var id = layer.Schema.IdField.Name;
            var fromGpkg = (await GdalFeaturesAsync(gpkg, layer.Schema.Name)).ToDictionary(f => Property(f, id)!, StringComparer.Ordinal);
            var fromKml = kmlFeatures.Where(f => Property(f, "layer") == layer.Schema.Name).ToDictionary(f => Property(f, id)!, StringComparer.Ordinal);
            var drawn = layer.Features.Where(f => f.Geometry is not null).ToList();
            Assert.Equal(layer.Features.Count, fromGpkg.Count);
            Assert.Equal(layer.Features.Count, fromKml.Count);
            foreach (var feature in drawn)
            {
                var key = feature.Text(id)!;
                AssertSameCoordinates(feature.Geometry!, fromGpkg[key].Geometry!, $"{layer.Schema.Name} {key} (GeoPackage)");
                AssertSameCoordinates(feature.Geometry!, fromKml[key].Geometry!, $"{layer.Schema.Name} {key} (KML)");
                foreach (var field in layer.Schema.Fields.Where(f => f.Type == FieldType.Text && feature.Text(f.Name) is not null))
                {
                    Assert.Equal(feature.Text(field.Name), Property(fromGpkg[key], field.Name));
                    // LIBKML gives the Placemark's own <name> as the field Name, which hides a data item of the same name.
                    Assert.Equal(feature.Text(field.Name), Property(fromKml[key], field.Name == "name" ? "Name" : field.Name));
                }
            }
        }

        // Google Earth draws each line kind in its shared style: the claim of AM in AM's colour.
        var text = await File.ReadAllTextAsync(kml);
        Assert.Contains("<Style id=\"claim-AM\">", text, StringComparison.Ordinal);
        Assert.Contains("<Style id=\"agreed-line\">", text, StringComparison.Ordinal);
        var placemark = text[..text.IndexOf($"<value>{AmDraft}</value>", StringComparison.Ordinal)];
        Assert.EndsWith("<styleUrl>#claim-AM</styleUrl>", placemark[..placemark.LastIndexOf("<ExtendedData>", StringComparison.Ordinal)].TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_geopackage_ogr2ogr_made_from_our_geojson_loads_into_an_empty_store_unchanged()
    {
        using var scratch = new ScratchFolder();
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        var original = (await DatasetExchange.ExportAsync(store, Caller.CommissionSystem, DatasetScope.Everything, default)).Value;
        var geojson = scratch.File("dataset.geojson");
        await using (var file = File.Create(geojson))
        {
            await DatasetWriter.WriteAsync(file, original, FeatureFormat.GeoJson, default);
        }

        var gdal = scratch.File("gdal.gpkg");
        var run = await ExternalTool.RunAsync("ogr2ogr", ["-f", "GPKG", gdal, geojson]);
        Assert.True(run.ExitCode == 0, run.StandardError);

        var read = await DatasetReader.ReadGeoPackageAsync(gdal, "gdal.gpkg");
        Assert.True(read.Success, string.Join("\n", read.Problems));
        await using var empty = await GeoPackageStore.OpenAsync(scratch.File("empty.gpkg"), default);
        var imported = await DatasetExchange.ImportAsync(empty, Caller.CommissionSystem, read.Value, "gdal.gpkg", null, default);
        Assert.True(imported.Success, string.Join("\n", imported.Problems));

        var again = (await DatasetExchange.ExportAsync(empty, Caller.CommissionSystem, DatasetScope.Everything, default)).Value;
        Assert.Equal(Describe(original), Describe(again));
    }

    [Fact]
    public async Task A_kml_of_ours_and_one_ogr2ogr_made_from_our_geojson_load_into_empty_stores_unchanged()
    {
        using var scratch = new ScratchFolder();
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        var original = (await DatasetExchange.ExportAsync(store, Caller.CommissionSystem, DatasetScope.Everything, default)).Value;
        var ours = scratch.File("dataset.kml");
        var geojson = scratch.File("dataset.geojson");
        await using (var file = File.Create(ours))
        {
            await DatasetWriter.WriteAsync(file, original, FeatureFormat.Kml, default);
        }

        await using (var file = File.Create(geojson))
        {
            await DatasetWriter.WriteAsync(file, original, FeatureFormat.GeoJson, default);
        }

        var gdal = scratch.File("gdal.kml");
        var run = await ExternalTool.RunAsync("ogr2ogr", ["-f", "KML", gdal, geojson]);
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Contains("<SimpleData name=\"layer\">", await File.ReadAllTextAsync(gdal), StringComparison.Ordinal);

        foreach (var (path, exact) in new[] { (ours, true), (gdal, false) })
        {
            ParseResult<ExchangeDataset> read;
            await using (var file = File.OpenRead(path))
            {
                read = await DatasetReader.ReadAsync(file, Path.GetFileName(path), FeatureFormat.Kml);
            }

            Assert.True(read.Success, string.Join("\n", read.Problems));
            await using var empty = await GeoPackageStore.OpenAsync(scratch.File(Path.GetFileNameWithoutExtension(path) + "-store.gpkg"), default);
            var imported = await DatasetExchange.ImportAsync(empty, Caller.CommissionSystem, read.Value, Path.GetFileName(path), null, default);
            Assert.True(imported.Success, string.Join("\n", imported.Problems));
            var again = (await DatasetExchange.ExportAsync(empty, Caller.CommissionSystem, DatasetScope.Everything, default)).Value;
            if (exact)
            {
                Assert.Equal(Describe(original), Describe(again));
                continue;
            }

            // GDAL's KML driver writes 15 significant digits: the same records and values, coordinates within 1e-12°.
            Assert.Equal(DescribeValues(original), DescribeValues(again));
            foreach (var layer in original.Layers.Where(l => l.Schema.HasGeometry))
            {
                var id = layer.Schema.IdField.Name;
                var back = again.Features(layer.Schema).ToDictionary(f => f.Text(id)!, StringComparer.Ordinal);
                foreach (var feature in layer.Features.Where(f => f.Geometry is not null))
                {
                    var a = feature.Geometry!.Coordinates;
                    var b = back[feature.Text(id)!].Geometry!.Coordinates;
                    Assert.Equal(a.Length, b.Length);
                    Assert.All(a.Zip(b), p => Assert.True(Math.Abs(p.First.X - p.Second.X) < 1e-12 && Math.Abs(p.First.Y - p.Second.Y) < 1e-12, $"{feature.Text(id)}: {p.First} came back as {p.Second}"));
                }
            }
        }
    }

    /// <summary>Every record's values (reals to 12 significant digits, as GDAL's KML keeps 15) without its geometry.</summary>
    private static List<string> DescribeValues(ExchangeDataset dataset) =>
    [
        .. dataset.Layers.SelectMany(l => l.Features.Select(f => l.Schema.Name + " " +
            string.Join(";", f.Values.Where(v => v.Value is not null).OrderBy(v => v.Key, StringComparer.Ordinal)
                .Select(v => $"{v.Key}={(v.Value is double d ? d.ToString("G12", CultureInfo.InvariantCulture) : Convert.ToString(v.Value, CultureInfo.InvariantCulture))}:{v.Value!.GetType().Name}")))),
    ];

    private static List<string> Describe(ExchangeDataset dataset) =>
    [
        .. dataset.Layers.SelectMany(l => l.Features.Select(f => l.Schema.Name + " " +
            string.Join(";", f.Values.Where(v => v.Value is not null).OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={Convert.ToString(v.Value, CultureInfo.InvariantCulture)}:{v.Value!.GetType().Name}")) +
            " " + (f.Geometry is null ? "-" : Convert.ToHexString(new WKBWriter().Write(f.Geometry))))),
    ];

    [Fact]
    public async Task A_delegation_imports_lines_from_a_geopackage_ogr2ogr_made_from_a_shapefile_as_its_own_drafts()
    {
        await _factory.AccountTokensAsync();
        using var scratch = new ScratchFolder();
        var gpkg = scratch.File("ours.gpkg");
        await File.WriteAllBytesAsync(gpkg, await ExportAsync(null, "format=gpkg&section=main"));
        Directory.CreateDirectory(scratch.File("shp"));
        var shapefile = scratch.File("shp/boundary_lines.shp");
        var toShape = await ExternalTool.RunAsync("ogr2ogr", [
            "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", "-nln", "boundary_lines", shapefile, gpkg, "-dialect", "SQLite", "-sql",
            "SELECT geom, 'az-shp-' || line_id AS line_id, section_id, 'PartyClaim' AS kind, name, publication, version FROM boundary_lines WHERE kind = 'SourceLine'"]);
        Assert.True(toShape.ExitCode == 0, toShape.StandardError);
        var fromShape = scratch.File("from-shapefile.gpkg");
        var toGpkg = await ExternalTool.RunAsync("ogr2ogr", ["-f", "GPKG", fromShape, shapefile]);
        Assert.True(toGpkg.ExitCode == 0, toGpkg.StandardError);
        Assert.Contains("publicatio", (await ExternalTool.RunAsync("ogrinfo", ["-ro", "-so", fromShape, "boundary_lines"])).StandardOutput, StringComparison.Ordinal);

        using var az = await _factory.ClientAsync("az.carto");
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(fromShape));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/geopackage+sqlite3");
        form.Add(content, "file", "from-shapefile.gpkg");
        using var response = await az.PostAsync(new Uri("/api/import", UriKind.Relative), form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var ids = JsonDocument.Parse(body).RootElement.GetProperty("lines").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.NotEmpty(ids);

        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        foreach (var id in ids)
        {
            var line = await store.GetLineAsync(Caller.CommissionSystem, id, default);
            var original = await store.GetLineAsync(Caller.CommissionSystem, id["az-shp-".Length..], default);
            Assert.Equal((LineKind.PartyClaim, "AZ", Publication.Draft), (line!.Kind, line.Owner!.Value.Value, line.Publication));
            Assert.True(line.Geometry.EqualsExact(original!.Geometry), $"{id} differs from {original.Id} after a shapefile and two ogr2ogr runs");
        }

        using var am = await _factory.ClientAsync("am.carto");
        using var hidden = await am.GetAsync(new Uri("/api/lines/" + ids[0], UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);

        // The same file again: the ids are taken, so nothing is written and the answer says why.
        using var again = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(fromShape)), "file", "from-shapefile.gpkg" } };
        using var refused = await az.PostAsync(new Uri("/api/import", UriKind.Relative), again);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }

    [Fact]
    public async Task An_export_over_http_never_shows_another_delegations_drafts()
    {
        await SeedAmDraftAsync();
        Assert.Contains(AmDraft, Encoding.UTF8.GetString(await ExportAsync("am.carto", "format=geojson")), StringComparison.Ordinal);
        foreach (var role in new[] { "az.carto", "az.cochair", "ru.adviser", "monitor", null })
        {
            foreach (var format in new[] { "geojson", "kml", "csv", "gpkg" })
            {
                var bytes = await ExportAsync(role, "format=" + format);
                var text = format == "csv" ? await UnzipAsync(bytes) : Encoding.UTF8.GetString(bytes);
                Assert.DoesNotContain(AmDraft, text, StringComparison.Ordinal);
            }
        }

        using var client = await _factory.ClientAsync("am.carto");
        using var unknown = await client.GetAsync(new Uri("/api/export?format=shp", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string> UnzipAsync(byte[] bytes)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        var text = new StringBuilder();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(await entry.OpenAsync());
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }

    [Fact]
    public async Task An_import_over_the_size_limit_is_refused_with_413_and_writes_nothing()
    {
        using var small = _factory.WithWebHostBuilder(b => b.UseSetting(ExchangeEndpoints.MaximumImportBytesKey, "2048"));
        var tokens = await _factory.AccountTokensAsync();
        using var client = small.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", tokens["az.carto"]);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[200_000]), "file", "big.geojson" } };

        using var response = await client.PostAsync(new Uri("/api/import", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than the import limit", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Demarcate.Core;
using Demarcate.Core.Analysis;
using Demarcate.Core.ReferenceLayers;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage;

public abstract partial class RelationalStore
{
    private const string ReferenceLayerColumns = "layer_id, title, kind, source, licence, received_crs, feature_count, loaded_by, loaded_at, version";

    /// <summary>The reference layers, by id; empty for a caller who is not a commission member.</summary>
    public async Task<IReadOnlyList<ReferenceLayer>> ListReferenceLayersAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Permissions.MaySeeReferenceLayers(caller))
        {
            return [];
        }

        await using var connection = await ConnectAsync(cancellationToken);
        return await QueryReferenceLayersAsync(connection, null, null, cancellationToken);
    }

    /// <summary>One reference layer, or null when there is none by that id or the caller may not see it (the same answer).</summary>
    public async Task<ReferenceLayer?> GetReferenceLayerAsync(Caller caller, string layerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!Permissions.MaySeeReferenceLayers(caller))
        {
            return null;
        }

        await using var connection = await ConnectAsync(cancellationToken);
        return (await QueryReferenceLayersAsync(connection, null, layerId, cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// The features of a layer in the order they were loaded, those whose bounding box meets <paramref name="bbox"/>
    /// (WGS 84, x = longitude) when one is given, found through the R-tree / GiST index. A missing or hidden layer is
    /// <see cref="RecordNotFoundException"/>.
    /// </summary>
    public async Task<IReadOnlyList<LayerFeature>> ReadReferenceFeaturesAsync(Caller caller, string layerId, Envelope? bbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(layerId);
        if (!Permissions.MaySeeReferenceLayers(caller))
        {
            throw new RecordNotFoundException("reference-layer", layerId);
        }

        await using var connection = await ConnectAsync(cancellationToken);
        if ((await QueryReferenceLayersAsync(connection, null, layerId, cancellationToken)).Count == 0)
        {
            throw new RecordNotFoundException("reference-layer", layerId);
        }

        var features = new List<LayerFeature>();
        var select = $"SELECT feature_id, name, properties, {GeometryColumn("geom")} FROM reference_features f WHERE layer_id = $1";
        await using var command = bbox is null
            ? Command(connection, null, select + " ORDER BY position", layerId)
            : Command(connection, null, $"{select} AND {BoxFilter("reference_features", "f", 2)} ORDER BY position", layerId, bbox.MinX, bbox.MinY, bbox.MaxX, bbox.MaxY);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var geometry = DecodeGeometry((byte[])reader.GetValue(3));

            features.Add(new LayerFeature(reader.GetString(0), reader.GetString(1), geometry)
            {
                Properties = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2)) ?? [],
            });
        }

        return features;
    }

    /// <summary>
    /// Loads a reference layer with its features, or replaces one: the old features go and the new come in one
    /// transaction, so readers see the old layer or the new, never half of either. A new layer takes
    /// <paramref name="replacing"/> null; replacing one names the version it replaces (else <see cref="VersionConflictException"/>).
    /// </summary>
    public Task<ReferenceLayer> LoadReferenceLayerAsync(Caller caller, ReferenceLayer layer, IReadOnlyList<LayerFeature> features, int? replacing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(features);
        return WriteAsync<ReferenceLayer>(caller, async (connection, transaction) =>
        {
            if (!Permissions.MayKeepReferenceLayers(caller))
            {
                throw new NotPermittedException("Reference layers are loaded, replaced and deleted by the editors of a delegation (co-chairs, legal experts, cartographers) and the mediator's advisers.");
            }

            if (!ReferenceLayer.IsValidId(layer.Id))
            {
                throw new RuleViolationException($"'{layer.Id}' cannot name a reference layer: use 1–64 lower-case letters, digits, '-' or '_'.");
            }

            if (features.Count == 0)
            {
                throw new RuleViolationException($"Reference layer {layer.Id} would hold no features; delete it instead.");
            }

            var duplicate = features.GroupBy(f => f.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new RuleViolationException($"Reference layer {layer.Id}: two features have the id '{duplicate.Key}'.");
            }

            var current = (await QueryReferenceLayersAsync(connection, transaction, layer.Id, cancellationToken)).SingleOrDefault();
            if (current is null && replacing is { } expected)
            {
                throw new RecordNotFoundException("reference-layer", layer.Id);
            }

            if (current is not null && replacing is null)
            {
                throw new RuleViolationException($"Reference layer {layer.Id} is already loaded (version {current.Version}); replace it by naming that version, or choose another name.");
            }

            if (current is not null && replacing != current.Version)
            {
                throw new VersionConflictException("reference-layer", layer.Id, replacing!.Value, current.Version);
            }

            var loaded = layer with
            {
                FeatureCount = features.Count,
                LoadedBy = caller.Name,
                LoadedAt = ParseTime(Time(Clock.GetUtcNow())),
                Version = (current?.Version ?? 0) + 1,
            };
            if (current is not null)
            {
                await ExecuteAsync(connection, transaction, "DELETE FROM reference_features WHERE layer_id = $1", cancellationToken, layer.Id);
                await ExecuteAsync(
                    connection, transaction,
                    "UPDATE reference_layers SET title = $2, kind = $3, source = $4, licence = $5, received_crs = $6, feature_count = $7, loaded_by = $8, loaded_at = $9, version = $10 WHERE layer_id = $1",
                    cancellationToken, ReferenceLayerValues(loaded));
            }
            else
            {
                await ExecuteAsync(
                    connection, transaction,
                    $"INSERT INTO reference_layers ({ReferenceLayerColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    cancellationToken, ReferenceLayerValues(loaded));
            }

            var insert = $"INSERT INTO reference_features (layer_id, position, feature_id, name, properties, geom) VALUES ($1, $2, $3, $4, $5, {GeometryValue(6)})";
            for (var i = 0; i < features.Count; i++)
            {
                var feature = features[i];
                var geometry = Factory.CreateGeometry(feature.Geometry);
                geometry.SRID = Wgs84;
                await ExecuteAsync(
                    connection, transaction, insert, cancellationToken,
                    layer.Id, i, feature.Id, feature.Name, JsonSerializer.Serialize(feature.Properties), EncodeGeometry(geometry));
            }

            var action = current is null ? "reference-layer.load" : "reference-layer.replace";
            return (loaded, (IReadOnlyList<JournalNote>)[new JournalNote(action, "reference-layer", layer.Id, current is null ? null : Snapshot(current), Snapshot(loaded))]);
        }, cancellationToken);
    }

    /// <summary>Deletes a reference layer and its features, naming the version deleted (else <see cref="VersionConflictException"/>).</summary>
    public Task<bool> DeleteReferenceLayerAsync(Caller caller, string layerId, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(layerId);
        return WriteAsync<bool>(caller, async (connection, transaction) =>
        {
            if (!Permissions.MaySeeReferenceLayers(caller))
            {
                throw new RecordNotFoundException("reference-layer", layerId);
            }

            if (!Permissions.MayKeepReferenceLayers(caller))
            {
                throw new NotPermittedException("Reference layers are loaded, replaced and deleted by the editors of a delegation (co-chairs, legal experts, cartographers) and the mediator's advisers.");
            }

            var current = (await QueryReferenceLayersAsync(connection, transaction, layerId, cancellationToken)).SingleOrDefault()
                ?? throw new RecordNotFoundException("reference-layer", layerId);
            if (current.Version != expectedVersion)
            {
                throw new VersionConflictException("reference-layer", layerId, expectedVersion, current.Version);
            }

            await ExecuteAsync(connection, transaction, "DELETE FROM reference_features WHERE layer_id = $1", cancellationToken, layerId);
            await ExecuteAsync(connection, transaction, "DELETE FROM reference_layers WHERE layer_id = $1", cancellationToken, layerId);
            return (true, (IReadOnlyList<JournalNote>)[new JournalNote("reference-layer.delete", "reference-layer", layerId, Snapshot(current), null)]);
        }, cancellationToken);
    }

    private async Task<IReadOnlyList<ReferenceLayer>> QueryReferenceLayersAsync(DbConnection connection, DbTransaction? transaction, string? layerId, CancellationToken cancellationToken)
    {
        var layers = new List<ReferenceLayer>();
        await using var command = Command(connection, transaction, $"SELECT {ReferenceLayerColumns} FROM reference_layers WHERE layer_id = coalesce($1, layer_id) ORDER BY layer_id", layerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            layers.Add(new ReferenceLayer(reader.GetString(0), reader.GetString(1), Enum.Parse<ReferenceLayerKind>(reader.GetString(2)))
            {
                Source = reader.GetString(3),
                Licence = reader.GetString(4),
                ReceivedCrs = reader.GetString(5),
                FeatureCount = Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture),
                LoadedBy = reader.GetString(7),
                LoadedAt = ParseTime(reader.GetString(8)),
                Version = Convert.ToInt32(reader.GetValue(9), CultureInfo.InvariantCulture),
            });
        }

        return layers;
    }

    private static object?[] ReferenceLayerValues(ReferenceLayer l) =>
        [l.Id, l.Title, l.Kind.ToString(), l.Source, l.Licence, l.ReceivedCrs, l.FeatureCount, l.LoadedBy, Time(l.LoadedAt), l.Version];

    private static object Snapshot(ReferenceLayer l) => new
    {
        id = l.Id,
        title = l.Title,
        kind = l.Kind.ToString(),
        source = l.Source,
        licence = l.Licence,
        receivedCrs = l.ReceivedCrs,
        features = l.FeatureCount,
        version = l.Version,
    };
}

using System.Text;
using Demarcate.Core.Delimitation;
using Demarcate.Core.Delimitation.Protocol;
using Demarcate.Core.Geodesy;

namespace Demarcate.Formats.Delimitation;

/// <summary>
/// The delimitation documents of a resolved description, as the command line and the server both make them: the
/// protocol-description (txt, docx, pdf), the turning-point table (csv, xlsx, docx) and the map annex (pdf).
/// </summary>
public static class DelimitationDocuments
{
    /// <summary>The formats the protocol is written in.</summary>
    public static IReadOnlyList<string> ProtocolFormats { get; } = ["txt", "docx", "pdf"];

    /// <summary>The formats the turning-point table is written in.</summary>
    public static IReadOnlyList<string> TableFormats { get; } = ["csv", "xlsx", "docx"];

    /// <summary>The media type of a document format.</summary>
    public static string MediaType(string format) => format switch
    {
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf" => "application/pdf",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a delimitation document format."),
    };

    /// <summary>
    /// The parties' names on each side of the line: the gazetteer's countries voting by side, named by
    /// <paramref name="partyName"/> (a country code to a party's name; the code itself when it gives none).
    /// </summary>
    public static (string? Left, string? Right) Parties(ResolvedDescription resolved, IReadOnlyList<NamedFeature> gazetteer, Func<string, string?> partyName)
    {
        ArgumentNullException.ThrowIfNull(partyName);
        var (left, right) = ProtocolDescription.CountriesOnSides(resolved, gazetteer);
        return (left is null ? null : partyName(left) ?? left, right is null ? null : partyName(right) ?? right);
    }

    /// <summary>Writes the protocol-description in <paramref name="catalogue"/>'s language as txt, docx or pdf.</summary>
    public static async Task WriteProtocolAsync(ResolvedDescription resolved, IReadOnlyList<NamedFeature> gazetteer, (string? Left, string? Right) parties, ProtocolCatalogue catalogue, string format, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var protocol = ProtocolText.Render(ProtocolDescription.Compose(resolved, gazetteer, parties.Left, parties.Right), catalogue);
        switch (format)
        {
            case "txt":
                await output.WriteAsync(Encoding.UTF8.GetBytes(protocol.ToText()), cancellationToken);
                break;
            case "docx":
                await OfficeDocuments.WriteProtocolDocxAsync(protocol, output, cancellationToken);
                break;
            case "pdf":
                await ProtocolPdf.WriteAsync(protocol, output, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "The protocol is written as txt, docx or pdf.");
        }
    }

    /// <summary>
    /// The commission's usual table columns near the description's first positioned turning point, plus any extra
    /// column; null when no turning point has a position.
    /// </summary>
    public static TurningPointTable? Table(ResolvedDescription resolved, string pulkovoTransformation, IEnumerable<TableColumn> extra)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var first = resolved.Description.TurningPoints.FirstOrDefault(p => resolved.TurningPoints.ContainsKey(p.Id));
        return first is null
            ? null
            : TurningPointTable.Build(resolved, [.. TableColumn.Standard(CrsRegistry.Standard, resolved.TurningPoints[first.Id], pulkovoTransformation), .. extra]);
    }

    /// <summary>Writes the turning-point table as csv, xlsx or docx, titled in <paramref name="catalogue"/>'s language.</summary>
    public static async Task WriteTableAsync(TurningPointTable table, string? title, ProtocolCatalogue catalogue, string format, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        switch (format)
        {
            case "csv":
                await output.WriteAsync(Encoding.UTF8.GetBytes(table.ToCsv()), cancellationToken);
                break;
            case "xlsx":
                await OfficeDocuments.WriteTableXlsxAsync(table, catalogue, title, output, cancellationToken);
                break;
            case "docx":
                await OfficeDocuments.WriteTableDocxAsync(table, catalogue, title, output, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "The table is written as csv, xlsx or docx.");
        }
    }
}

using System.Security.Cryptography;
using Demarcate.Core.Trust;

namespace Demarcate.Core.Proceedings;

/// <summary>The kind of a commission document.</summary>
public enum DocumentKind
{
    Minutes,
    Protocol,
    Report,
    Letter,
    Annex,
    Other,
}

/// <summary>
/// A document of the commission (minutes, protocols, …) with its versions. It belongs to the party
/// that drafted it and is visible like a line: a draft to that party only, then submitted to every
/// commission member, then published to anyone.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record CommissionDocument(string Id, DocumentKind Kind, string Title, PartyCode Owner)
{
    /// <summary>The session the document belongs to, if any.</summary>
    public string? SessionId { get; init; }

    public IReadOnlyList<string> SectorIds { get; init; } = [];

    public Publication Publication { get; init; } = Publication.Draft;

    /// <summary>Edit version: it moves with every new version of the content and every publication step.</summary>
    public int Version { get; init; } = 1;

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The content's versions, oldest first; never changed once written.</summary>
    public IReadOnlyList<DocumentVersion> Versions { get; init; } = [];
}

/// <summary>One version of a document's content: what it is, how long, its SHA-256, who added it when.</summary>
public sealed record DocumentVersion(string DocumentId, int Number, string ContentType, long Length, string Sha256, string AddedBy, DateTimeOffset AddedAt);

/// <summary>A document's content as uploaded: bytes (text is UTF-8) and their media type.</summary>
public sealed record DocumentContent(string ContentType, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>The SHA-256 of the bytes in lower-case hex, as stored beside them and shown to readers.</summary>
    public string Sha256() => Convert.ToHexStringLower(SHA256.HashData(Bytes.Span));

    public static DocumentContent Text(string text) => new("text/plain; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(text ?? ""));
}

/// <summary>A new document: its kind, title, session and sectors; its first version comes with it.</summary>
public sealed record DocumentDraft(DocumentKind Kind, string Title)
{
    public string? SessionId { get; init; }

    public IReadOnlyList<string> SectorIds { get; init; } = [];

    public string? Problem() =>
        string.IsNullOrWhiteSpace(Title) ? "a document needs a title"
        : !Enum.IsDefined(Kind) ? "unknown document kind"
        : null;
}

using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace Demarcate.Core.Trust.Internal;

/// <summary>
/// Reads a receipt document strictly, collecting every problem with its line and column: a delegation
/// presenting a receipt should learn everything wrong with the file at once.
/// </summary>
internal sealed class ReceiptDocument
{
    private static readonly string[] Members = ["kind", "version", "party", "account", "sequence", "hash", "issuedAt", "signature"];

    private readonly byte[] _utf8;
    private readonly string _source;
    private readonly List<InputProblem> _problems = [];
    private readonly Dictionary<string, (JsonTokenType Type, string Text, long Offset)> _values = new(StringComparer.Ordinal);

    internal ReceiptDocument(string json, string source)
    {
        _utf8 = Encoding.UTF8.GetBytes(json);
        _source = source;
    }

    internal ParseResult<Receipt> Read()
    {
        try
        {
            ReadMembers();
        }
        catch (JsonException e)
        {
            // The reader's own message repeats the position in its own terms; ours gives it once, 1-based.
            var problem = new InputProblem(_source, "not valid JSON: " + (e.Message.Split(" LineNumber:", 2)[0].TrimEnd('.', ' ')))
            {
                Line = (e.LineNumber ?? 0) + 1,
                Column = (e.BytePositionInLine ?? 0) + 1,
            };
            return ParseResult<Receipt>.Failed(problem);
        }

        // A document of another kind is named as such, not as a receipt with members missing.
        if (_values.TryGetValue("kind", out var kindValue) && kindValue is { Type: JsonTokenType.String } && kindValue.Text != Receipt.DocumentKind)
        {
            return ParseResult<Receipt>.Failed(At(kindValue.Offset, $"\"kind\" is \"{kindValue.Text}\", not \"{Receipt.DocumentKind}\": this is not a journal receipt"));
        }

        if (_problems.Count > 0)
        {
            return ParseResult<Receipt>.Failed(_problems);
        }

        _ = Text("kind");

        var version = Integer("version");
        if (version is not null && version != 1)
        {
            Problem("version", $"version {version} is not one this system reads (it reads version 1)");
        }

        var party = Text("party");
        if (party is not null && string.IsNullOrWhiteSpace(party))
        {
            Problem("party", "\"party\" is empty");
        }

        var account = Text("account");
        if (account is not null && string.IsNullOrWhiteSpace(account))
        {
            Problem("account", "\"account\" is empty");
        }

        var sequence = Integer("sequence");
        if (sequence is < 1)
        {
            Problem("sequence", $"\"sequence\" must be an entry number from 1, not {sequence}");
        }

        var hashText = Text("hash");
        var hash = JournalHash.Zero;
        if (hashText is not null && !JournalHash.TryParseHex(hashText, out hash))
        {
            Problem("hash", "\"hash\" must be 64 hex digits (a SHA-256 hash)");
        }

        var issuedText = Text("issuedAt");
        var issuedAt = DateTimeOffset.MinValue;
        if (issuedText is not null && !Receipt.TryParseTime(issuedText, out issuedAt))
        {
            Problem("issuedAt", $"\"issuedAt\" must be a UTC time like 2025-03-01T09:30:00.000Z, not \"{issuedText}\"");
        }

        var signatureText = Text("signature");
        byte[]? signature = null;
        if (signatureText is not null)
        {
            signature = new byte[signatureText.Length];
            if (!Convert.TryFromBase64String(signatureText, signature, out var written) || written != JournalSigner.SignatureLength)
            {
                Problem("signature", $"\"signature\" must be {JournalSigner.SignatureLength} bytes in base64 (an ECDSA P-256 signature)");
            }
            else
            {
                signature = signature[..written];
            }
        }

        return _problems.Count > 0
            ? ParseResult<Receipt>.Failed(_problems)
            : ParseResult<Receipt>.Ok(new Receipt(new PartyCode(party!), account!, sequence!.Value, hash, issuedAt, ImmutableArray.Create(signature!)));
    }

    private void ReadMembers()
    {
        if (_utf8.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            _problems.Add(new InputProblem(_source, "the file is empty; a journal receipt is a JSON object"));
            return;
        }

        var reader = new Utf8JsonReader(_utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read())
        {
            _problems.Add(new InputProblem(_source, "the file is empty; a journal receipt is a JSON object"));
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            _problems.Add(At(reader.TokenStartIndex, "a journal receipt is a JSON object"));
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var nameOffset = reader.TokenStartIndex;
            reader.Read();
            var offset = reader.TokenStartIndex;
            var type = reader.TokenType;
            var text = type switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                _ => string.Empty,
            };
            reader.Skip();
            if (Array.IndexOf(Members, name) < 0)
            {
                _problems.Add(At(nameOffset, $"unknown member \"{name}\" (a receipt has {string.Join(", ", Members)})"));
            }
            else if (!_values.TryAdd(name, (type, text, offset)))
            {
                _problems.Add(At(nameOffset, $"\"{name}\" appears twice"));
            }
        }

        // Anything after the object is malformed; reading on makes the reader say where.
        while (reader.Read())
        {
            _problems.Add(At(reader.TokenStartIndex, "text after the receipt object"));
            reader.Skip();
        }

        foreach (var member in Members)
        {
            if (!_values.ContainsKey(member))
            {
                _problems.Add(new InputProblem(_source, $"missing \"{member}\""));
            }
        }
    }

    private string? Text(string member)
    {
        var (type, text, _) = _values[member];
        if (type == JsonTokenType.String)
        {
            return text;
        }

        Problem(member, $"\"{member}\" must be a string");
        return null;
    }

    private long? Integer(string member)
    {
        var (type, text, _) = _values[member];
        if (type == JsonTokenType.Number && long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Problem(member, $"\"{member}\" must be a whole number");
        return null;
    }

    private void Problem(string member, string message) => _problems.Add(At(_values[member].Offset, message));

    private InputProblem At(long offset, string message)
    {
        var before = _utf8.AsSpan(0, (int)offset);
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var line = before.Count((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        return new InputProblem(_source, message) { Line = line, Column = column };
    }
}

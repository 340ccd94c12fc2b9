using System.Security.Cryptography;
using Demarcate.Core.Trust;

namespace Demarcate.Core.Tests.Trust;

public sealed class ReceiptTests : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly Receipt _receipt;

    public ReceiptTests()
    {
        var head = Journal.Next(null, new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero), "az-cochair", "sector.add", "sector", "S-1", null, "{}");
        _receipt = JournalSigner.SignReceipt(head, new PartyCode("az"), "az-cochair", _key, new DateTimeOffset(2026, 3, 2, 10, 15, 30, 250, TimeSpan.Zero).AddTicks(77));
    }

    [Fact]
    public void A_receipt_round_trips_through_its_json_document()
    {
        var json = _receipt.ToJson();

        var parsed = Receipt.Parse(json, "az-receipt.json");

        Assert.True(parsed.Success, string.Join("; ", parsed.Problems));
        Assert.Equal(_receipt, parsed.Value);
        Assert.True(JournalSigner.Verify(parsed.Value, _key));
        Assert.Contains("\"issuedAt\": \"2026-03-02T10:15:30.250Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"party\": \"AZ\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_that_is_not_json_names_the_line_and_column()
    {
        var parsed = Receipt.Parse("{\n  \"kind\": \"demarcate.journal.receipt\",\n  \"version\": 1,,\n}", "az-receipt.json");

        var problem = Assert.Single(parsed.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Equal(16, problem.Column);
        Assert.StartsWith("az-receipt.json:3:16: not valid JSON", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_in_a_receipt_is_named_with_its_place()
    {
        var json = _receipt.ToJson()
            .Replace(_receipt.Hash.ToHex(), "abc", StringComparison.Ordinal)
            .Replace("\"sequence\": 1", "\"sequence\": \"1\"", StringComparison.Ordinal)
            .Replace("\"account\"", "\"acount\"", StringComparison.Ordinal);

        var parsed = Receipt.Parse(json, "r.json");

        Assert.False(parsed.Success);
        var messages = parsed.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains("r.json:5:3: unknown member \"acount\" (a receipt has kind, version, party, account, sequence, hash, issuedAt, signature)", messages);
        Assert.Contains("r.json: missing \"account\"", messages);
        Assert.Equal(2, messages.Count);

        var fixedAccount = Receipt.Parse(json.Replace("\"acount\"", "\"account\"", StringComparison.Ordinal), "r.json");
        Assert.Equal(
            ["r.json:6:15: \"sequence\" must be a whole number", "r.json:7:11: \"hash\" must be 64 hex digits (a SHA-256 hash)"],
            fixedAccount.Problems.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("[]", "a journal receipt is a JSON object")]
    [InlineData("{\"kind\":\"demarcate.journal.head\"}", "not a journal receipt")]
    public void Documents_that_are_not_receipts_are_named(string json, string message)
    {
        var parsed = Receipt.Parse(json, "x.json");

        Assert.Contains(parsed.Problems, p => p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("issuedAt", "2026-03-02 10:15", "\"issuedAt\" must be a UTC time")]
    [InlineData("signature", "not base64!", "\"signature\" must be 64 bytes in base64")]
    [InlineData("signature", "AAAA", "\"signature\" must be 64 bytes in base64")]
    [InlineData("party", " ", "\"party\" is empty")]
    public void Bad_values_are_named(string member, string value, string message)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(_receipt.ToJson())!.AsObject();
        document[member] = value;

        var parsed = Receipt.Parse(document.ToJsonString(), "x.json");

        Assert.Contains(parsed.Problems, p => p.Message.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_receipt_whose_sequence_was_changed_no_longer_verifies()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(_receipt.ToJson())!.AsObject();
        document["sequence"] = 2;

        var parsed = Receipt.Parse(document.ToJsonString());

        Assert.True(parsed.Success);
        Assert.False(JournalSigner.Verify(parsed.Value, _key));
    }

    public void Dispose() => _key.Dispose();
}

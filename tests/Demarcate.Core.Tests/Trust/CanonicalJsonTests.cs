using System.Text.Json;
using Demarcate.Core.Trust;

namespace Demarcate.Core.Tests.Trust;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Members_are_sorted_and_whitespace_removed()
    {
        Assert.Equal("{\"a\":[1,{\"x\":null,\"y\":true}],\"b\":\"z\"}", CanonicalJson.Canonicalize("{ \"b\": \"z\",\n \"a\": [ 1, { \"y\": true, \"x\": null } ] }"));
    }

    [Fact]
    public void Members_sort_by_utf16_code_units()
    {
        Assert.Equal("{\"B\":1,\"a\":2,\"é\":3}", CanonicalJson.Canonicalize("{\"é\":3,\"a\":2,\"B\":1}"));
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("-0", "0")]
    [InlineData("-0.0", "0")]
    [InlineData("1.5e3", "1500")]
    [InlineData("1e21", "1e+21")]
    [InlineData("123456789012345678901", "123456789012345678901")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("1E-7", "1e-7")]
    [InlineData("-1.25E-10", "-1.25e-10")]
    [InlineData("0.1", "0.1")]
    [InlineData("44.1234567890123", "44.1234567890123")]
    [InlineData("44.123456789012345", "44.123456789012344")]
    [InlineData("9007199254740993", "9007199254740993")]
    [InlineData("100", "100")]
    [InlineData("-12.50", "-12.5")]
    public void Numbers_take_their_shortest_round_trip_form(string number, string canonical)
    {
        Assert.Equal(canonical, CanonicalJson.Canonicalize(number));
    }

    [Fact]
    public void Strings_are_escaped_only_where_json_requires()
    {
        Assert.Equal("\"Ağdam–Şuşa \\\"line\\\"\\n\\t\\u0001/<>\"", CanonicalJson.Canonicalize("\"Ağdam\\u2013\\u015Eu\\u015Fa \\\"line\\\"\\n\\t\\u0001\\/<>\""));
    }

    [Fact]
    public void A_record_snapshot_serializes_canonically()
    {
        var snapshot = new { Status = "submitted", Id = "S-001", Length = 1250.0, Version = 3L, Tags = new[] { "north" } };

        Assert.Equal("{\"Id\":\"S-001\",\"Length\":1250,\"Status\":\"submitted\",\"Tags\":[\"north\"],\"Version\":3}", CanonicalJson.Serialize(snapshot));
        Assert.Equal("{\"id\":\"S-001\",\"length\":1250,\"status\":\"submitted\",\"tags\":[\"north\"],\"version\":3}",
            CanonicalJson.Serialize(snapshot, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        Assert.Equal("null", CanonicalJson.Serialize(null));
    }

    [Fact]
    public void Canonical_form_is_a_fixed_point()
    {
        var once = CanonicalJson.Canonicalize("{\"z\":[0.5, 2e-9, \"\\u00e9\"], \"a\": {\"c\": 1, \"b\": 2}}");

        Assert.True(CanonicalJson.IsCanonical(once));
        Assert.Equal(once, CanonicalJson.Canonicalize(once));
        Assert.False(CanonicalJson.IsCanonical("{\"a\": 1}"));
        Assert.False(CanonicalJson.IsCanonical("{"));
    }

    [Fact]
    public void Repeated_members_are_refused()
    {
        Assert.Throws<ArgumentException>(() => CanonicalJson.Canonicalize("{\"a\":1,\"a\":2}"));
        Assert.False(CanonicalJson.IsCanonical("{\"a\":1,\"a\":2}"));
    }
}

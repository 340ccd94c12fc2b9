using Demarcate.Core.Demarcation;

namespace Demarcate.Core.Tests.Demarcation;

/// <summary>The commission's pillar numbers: written and read back, ordered, and inserted without renumbering.</summary>
public sealed class PillarNumberTests
{
    private static PillarNumber N(string text) => PillarNumber.Parse(text) ?? throw new InvalidOperationException(text);

    [Theory]
    [InlineData("M-04/12", "M-04/13", "M-04/12.1")]
    [InlineData("M-04/12.1", "M-04/13", "M-04/12.2")]
    [InlineData("M-04/12", "M-04/12.1", "M-04/12.0.1")]
    [InlineData("M-04/7A", "M-04/8", "M-04/7.1")]
    public void A_pillar_inserted_between_two_gets_the_shortest_number_between_them(string before, string after, string expected)
    {
        var inserted = PillarNumber.Between("M-04", N(before).WithBank(null), N(after).WithBank(null));

        Assert.Equal(expected, inserted.ToString());
        Assert.True(N(before).WithBank(null) < inserted && inserted < N(after));
    }

    [Fact]
    public void After_the_last_pillar_comes_the_next_whole_number_and_before_the_first_comes_zero()
    {
        Assert.Equal("N-02/13", PillarNumber.Between("N-02", N("N-02/12.3"), null).ToString());
        Assert.Equal("N-02/0", PillarNumber.Between("N-02", null, N("N-02/1")).ToString());
        Assert.Equal("N-02/1", PillarNumber.Between("N-02", null, null).ToString());
    }

    [Theory]
    [InlineData("M-04/12")]
    [InlineData("M-04/12.0.1")]
    [InlineData("M-04/7A")]
    [InlineData("M-04/7.2B")]
    public void Numbers_read_back_as_written(string text) => Assert.Equal(text, N(text).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("M-04")]
    [InlineData("M-04/")]
    [InlineData("M-04/x")]
    [InlineData("M-04/1..2")]
    [InlineData("M-04/-1")]
    public void Text_that_is_not_a_number_reads_as_none(string text) => Assert.Null(PillarNumber.Parse(text));

    [Fact]
    public void Numbers_order_along_the_line_with_bank_pairs_A_before_B()
    {
        string[] sorted = ["M-04/7", "M-04/7A", "M-04/7B", "M-04/7.1", "M-04/8", "M-04/10"];
        var shuffled = sorted.Reverse().Select(N).ToList();
        shuffled.Sort();
        Assert.Equal(sorted, shuffled.Select(n => n.ToString()));
    }
}

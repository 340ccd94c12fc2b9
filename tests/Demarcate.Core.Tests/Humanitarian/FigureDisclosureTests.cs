using Demarcate.Core.Humanitarian;

namespace Demarcate.Core.Tests.Humanitarian;

public sealed class FigureDisclosureTests
{
    private static readonly PartyCode Am = new("AM");
    private static readonly PartyCode Az = new("AZ");

    private static readonly CaseFigures Exact = new(
    [
        new CaseCount(CaseKind.PrisonerOfWar, Am, CaseStatus.Reported, 12),
        new CaseCount(CaseKind.PrisonerOfWar, Am, CaseStatus.Confirmed, 4),
        new CaseCount(CaseKind.Remains, Az, CaseStatus.Located, 1),
        new CaseCount(CaseKind.Detainee, Az, CaseStatus.Reported, 5),
    ], 3);

    [Fact]
    public void Counts_from_one_to_below_the_threshold_are_withheld_from_a_reader_who_may_see_neither_party()
    {
        var shown = FigureDisclosure.Disclose(Exact, 5, _ => false);

        Assert.Equal([12, null, null, 5], shown.Counts.Select(c => c.Count));
        Assert.Equal([false, true, true, false], shown.Counts.Select(c => c.IsWithheld));
        Assert.True(shown.AnyWithheld);
        Assert.Null(shown.Total);
        Assert.Equal(12 + 1 + 1 + 5, shown.TotalAtLeast);
        Assert.Equal(3, shown.Exchanges);
        Assert.Equal(5, shown.DisclosureThreshold);
    }

    [Fact]
    public void A_reader_who_may_see_a_partys_cases_gets_that_partys_counts_exactly()
    {
        var shown = FigureDisclosure.Disclose(Exact, 5, party => party == Am);

        Assert.Equal([12, 4, null, 5], shown.Counts.Select(c => c.Count));
        Assert.Null(shown.Total);
    }

    [Fact]
    public void A_threshold_of_one_withholds_nothing_and_the_total_is_exact()
    {
        var shown = FigureDisclosure.Disclose(Exact, 1, _ => false);

        Assert.Equal(Exact.Counts, shown.Counts);
        Assert.Equal(22, shown.Total);
        Assert.Equal(22, shown.TotalAtLeast);
    }

    [Fact]
    public void A_higher_threshold_withholds_more_and_a_threshold_below_one_is_refused()
    {
        Assert.Equal([null, null, null, null], FigureDisclosure.Disclose(Exact, 13, _ => false).Counts.Select(c => c.Count));
        Assert.False(FigureDisclosure.IsValidThreshold(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FigureDisclosure.Disclose(Exact, 0, _ => false));
    }
}

using Demarcate.Core.Agreements;

namespace Demarcate.Core.Tests.Agreements;

/// <summary>Status history and deadline logic of the agreements register.</summary>
public sealed class ImplementationTests
{
    private static readonly DateOnly Signed = new(2021, 1, 11);

    private static Agreement Statement() => new("S", "Statement", Signed, AgreementKind.TrilateralStatement)
    {
        Provisions =
        [
            new Provision("1", "Meet within thirty days.", ProvisionTheme.Transport) { Deadline = ProvisionDeadline.Within(30) },
            new Provision("2", "Report by a date.", ProvisionTheme.Transport) { Deadline = ProvisionDeadline.By(new DateOnly(2021, 3, 1)) },
            new Provision("3", "Keep the peace.", ProvisionTheme.Ceasefire),
        ],
    };

    private static StatusAssessment A(string number, ImplementationLevel level, int year, int month, int day) =>
        new("S", number, level, new DateOnly(year, month, day), "evidence");

    [Fact]
    public void A_relative_deadline_counts_from_the_signature()
    {
        Assert.Equal(new DateOnly(2021, 2, 10), ProvisionDeadline.Within(30).Resolve(Signed));
        Assert.Equal(new DateOnly(2021, 3, 1), ProvisionDeadline.By(new DateOnly(2021, 3, 1)).Resolve(Signed));
        Assert.Null(ProvisionDeadline.None.Resolve(Signed));
    }

    [Theory]
    [InlineData("30d")]
    [InlineData("2021-03-01")]
    [InlineData("")]
    public void A_deadline_reads_back_what_it_writes(string text)
    {
        var read = ProvisionDeadline.Parse(text, "form");

        Assert.True(read.Success);
        Assert.Equal(text, read.Value.ToString());
    }

    [Fact]
    public void A_deadline_that_is_neither_a_date_nor_days_is_a_problem_naming_where()
    {
        var read = ProvisionDeadline.Parse("soon", "provisions.csv");

        Assert.False(read.Success);
        Assert.Equal("provisions.csv", read.Problems[0].Source);
        Assert.Contains("soon", read.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_status_is_the_latest_assessment_and_a_later_record_for_the_same_day_corrects_the_earlier()
    {
        StatusAssessment[] history = [A("1", ImplementationLevel.Minimal, 2021, 1, 20), A("1", ImplementationLevel.Full, 2021, 2, 1), A("1", ImplementationLevel.Intermediate, 2021, 2, 1)];

        Assert.Equal(ImplementationLevel.Intermediate, Implementation.Current(history)!.Level);
        Assert.Null(Implementation.Current([]));
    }

    [Fact]
    public void Overdue_is_a_passed_deadline_below_full_and_due_soon_is_within_the_window()
    {
        var due = new DateOnly(2021, 2, 10);

        Assert.Equal(DeadlineState.Overdue, Implementation.StateOf(due, ImplementationLevel.Intermediate, due.AddDays(1)));
        Assert.Equal(DeadlineState.None, Implementation.StateOf(due, ImplementationLevel.Full, due.AddDays(1)));
        Assert.Equal(DeadlineState.DueSoon, Implementation.StateOf(due, ImplementationLevel.NotInitiated, due));
        Assert.Equal(DeadlineState.DueSoon, Implementation.StateOf(due, ImplementationLevel.Minimal, due.AddDays(-Implementation.DueSoonDays)));
        Assert.Equal(DeadlineState.Open, Implementation.StateOf(due, ImplementationLevel.Minimal, due.AddDays(-Implementation.DueSoonDays - 1)));
        Assert.Equal(DeadlineState.None, Implementation.StateOf(null, ImplementationLevel.NotInitiated, due));
    }

    [Fact]
    public void The_dashboard_counts_levels_per_theme_and_lists_what_is_overdue_on_the_day()
    {
        StatusAssessment[] history = [A("1", ImplementationLevel.Full, 2021, 2, 5), A("2", ImplementationLevel.Minimal, 2021, 2, 20), A("3", ImplementationLevel.Intermediate, 2021, 1, 12)];

        var early = Implementation.Dashboard([Statement()], history, new DateOnly(2021, 2, 1));
        var late = Implementation.Dashboard([Statement()], history, new DateOnly(2021, 3, 2));

        // On 1 February nothing is assessed yet for 1 and 2 (assessments after the day do not count); 1 is due on 10 February.
        Assert.Empty(early.Overdue);
        Assert.Equal(["1", "2"], early.DueSoon.Select(s => s.Provision.Number));
        // On 2 March provision 2 is past its deadline at level 1; provision 1 was met in full.
        var overdue = Assert.Single(late.Overdue);
        Assert.Equal(("2", new DateOnly(2021, 3, 1), ImplementationLevel.Minimal), (overdue.Provision.Number, overdue.Deadline!.Value, overdue.Level));
        var transport = late.ByTheme.Single(t => t.Key == nameof(ProvisionTheme.Transport));
        Assert.Equal([0, 1, 0, 1], transport.CountByLevel);
        Assert.Equal(2.0, transport.MeanLevel);
        Assert.Equal(1, transport.Overdue);
        var agreement = Assert.Single(late.ByAgreement);
        Assert.Equal((3, 2.0), (agreement.Provisions, agreement.MeanLevel));
    }
}

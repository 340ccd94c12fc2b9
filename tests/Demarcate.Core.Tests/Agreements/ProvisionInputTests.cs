using Demarcate.Core.Agreements;

namespace Demarcate.Core.Tests.Agreements;

public sealed class ProvisionInputTests
{
    [Fact]
    public void A_revised_provision_is_read_from_its_fields()
    {
        var read = ProvisionInput.Read("6b", "  Transport links are unblocked.  ", "transport", "am, AZ;RU", "30d", "sector:M-01 action:TF-RAIL-ARAKS", "form");

        Assert.True(read.Success);
        var p = read.Value;
        Assert.Equal(("6b", "Transport links are unblocked.", ProvisionTheme.Transport), (p.Number, p.Text, p.Theme));
        Assert.Equal(["AM", "AZ", "RU"], p.ResponsibleParties);
        Assert.Equal(ProvisionDeadline.Within(30), p.Deadline);
        Assert.Equal([new RecordLink("sector", "M-01"), new RecordLink("action", "TF-RAIL-ARAKS")], p.Links);
    }

    [Fact]
    public void Empty_lists_and_deadline_mean_none()
    {
        var p = ProvisionInput.Read("1", "Ceasefire.", "Ceasefire", "", " ", null, "form").Value;

        Assert.Empty(p.ResponsibleParties);
        Assert.Empty(p.Links);
        Assert.Equal(ProvisionDeadline.None, p.Deadline);
    }

    [Fact]
    public void Every_bad_field_is_named_and_nothing_is_read()
    {
        var read = ProvisionInput.Read("1", " ", "2", "AM", "next week", "sector", "revision form");

        Assert.False(read.Success);
        var reasons = read.Problems.Select(p => p.ToString()).ToList();
        Assert.All(reasons, r => Assert.Contains("revision form", r, StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("summary", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("theme: '2'", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("'next week' is not a deadline", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("links: 'sector'", StringComparison.Ordinal));
    }
}

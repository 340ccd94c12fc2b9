using Demarcate.Core.Geodesy;
using Demarcate.Core.Monitoring;

namespace Demarcate.Core.Tests.Monitoring;

public sealed class IncidentMergingTests
{
    private static readonly GeoPoint Origin = new(40.8756, 45.1492);

    private static GeoPoint East(double metres)
    {
        var d = Geodesic.Wgs84.Direct(Origin.Latitude, Origin.Longitude, 90, metres);
        return new GeoPoint(d.Latitude, d.Longitude);
    }

    private static Incident Report(string id, GeoPoint at, DateOnly day, TimePrecision precision = TimePrecision.Day, IncidentType type = IncidentType.ArmedClash) =>
        new(id, new IncidentDate(day, precision), new IncidentLocation(at, GeoPrecision.Exact), type)
        {
            Sources = [new IncidentSource("source " + id, id, new PartyCode(id[..2]), null, null)],
            ReportingParty = new PartyCode(id[..2]),
        };

    [Theory]
    [InlineData(TimePrecision.Day, "2026-03-14", "2026-03-14")]
    [InlineData(TimePrecision.Week, "2026-03-11", "2026-03-17")]
    [InlineData(TimePrecision.Month, "2026-03-01", "2026-03-31")]
    public void The_time_precision_gives_the_period_the_incident_may_have_happened_in(TimePrecision precision, string from, string to)
    {
        var date = new IncidentDate(new DateOnly(2026, 3, 14), precision);

        Assert.Equal(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), date.From);
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), date.To);
    }

    [Fact]
    public void February_of_a_leap_year_ends_on_the_29th()
    {
        Assert.Equal(new DateOnly(2028, 2, 29), new IncidentDate(new DateOnly(2028, 2, 10), TimePrecision.Month).To);
    }

    [Fact]
    public void Exact_days_overlap_only_on_the_same_day_and_coarser_periods_where_they_share_a_day()
    {
        var day = new IncidentDate(new DateOnly(2026, 3, 14), TimePrecision.Day);

        Assert.True(day.Overlaps(day));
        Assert.False(day.Overlaps(new IncidentDate(new DateOnly(2026, 3, 15), TimePrecision.Day)));
        Assert.True(day.Overlaps(new IncidentDate(new DateOnly(2026, 3, 17), TimePrecision.Week)));
        Assert.False(day.Overlaps(new IncidentDate(new DateOnly(2026, 3, 18), TimePrecision.Week)));
        Assert.True(day.Overlaps(new IncidentDate(new DateOnly(2026, 3, 1), TimePrecision.Month)));
        Assert.False(new IncidentDate(new DateOnly(2026, 2, 28), TimePrecision.Month).Overlaps(day));
        Assert.True(new IncidentDate(new DateOnly(2026, 2, 28), TimePrecision.Month).Overlaps(new IncidentDate(new DateOnly(2026, 3, 2), TimePrecision.Week)));
    }

    [Fact]
    public void Reports_within_2_km_are_one_event_and_beyond_it_are_not()
    {
        var day = new DateOnly(2026, 3, 14);
        var a = Report("AM-1", Origin, day);

        Assert.True(IncidentMerging.SameEvent(a, Report("AZ-1", East(1_999), day)));
        Assert.Contains("2001 m apart", IncidentMerging.Difference(a, Report("AZ-2", East(2_001), day)), StringComparison.Ordinal);
        Assert.NotNull(IncidentMerging.Difference(a, Report("AZ-3", Origin, day, type: IncidentType.SniperFire)));
        Assert.NotNull(IncidentMerging.Difference(a, Report("AZ-4", Origin, day.AddDays(1))));
    }

    [Fact]
    public void A_merge_keeps_the_most_precise_date_and_place_every_source_and_the_lowest_figures()
    {
        var day = new DateOnly(2026, 3, 14);
        var vague = Report("AZ-1", East(800), day.AddDays(1), TimePrecision.Week) with
        {
            Location = new IncidentLocation(East(800), GeoPrecision.Region, "", "Tavush"),
            Fatalities = 4,
            Injuries = 7,
        };
        var exact = Report("AM-1", Origin, day) with { Fatalities = 2, Notes = "Seen by the patrol" };

        var merged = IncidentMerging.Merge("m", [vague, exact]);

        Assert.Equal(exact.Date, merged.Date);
        Assert.Equal(exact.Location, merged.Location);
        Assert.Equal(["AZ-1", "AM-1"], merged.Sources.Select(s => s.Reference));
        Assert.Equal(2, merged.Fatalities);
        Assert.Equal(7, merged.Injuries);
        Assert.Equal(VerificationStatus.Corroborated, merged.Verification);
        Assert.Equal(["AZ-1", "AM-1"], merged.MergedFrom);
        Assert.Equal("Seen by the patrol", merged.Notes);
    }

    [Fact]
    public void A_merge_needs_every_pair_to_be_one_event()
    {
        var day = new DateOnly(2026, 3, 14);

        // Each is within 2 km of the middle one, but the ends are 3 km apart.
        var refusal = IncidentMerging.Refusal([Report("AM-1", Origin, day), Report("AZ-1", East(1_500), day), Report("RU-1", East(3_000), day)]);

        Assert.NotNull(refusal);
        Assert.Throws<ArgumentException>(() => IncidentMerging.Merge("m", [Report("AM-1", Origin, day)]));
    }

    [Fact]
    public void Candidates_group_reports_that_can_be_merged_as_they_stand()
    {
        var day = new DateOnly(2026, 3, 14);
        var reports = new[]
        {
            Report("AM-1", Origin, day), Report("AZ-1", East(1_000), day), Report("RU-1", East(10_000), day), Report("AZ-2", East(10_500), day),
            Report("AM-2", East(20_000), day),
        };

        var groups = IncidentMerging.Candidates(reports);

        Assert.Equal(["AM-1 AZ-1", "AZ-2 RU-1"], groups.Select(g => string.Join(' ', g.Select(r => r.Id))));
    }

    [Theory]
    [InlineData("Battles", "Armed clash", IncidentType.ArmedClash)]
    [InlineData("Explosions/Remote violence", "Shelling/artillery/missile attack", IncidentType.ShellingArtilleryMissile)]
    [InlineData("", "air/drone strike", IncidentType.AirDroneStrike)]
    [InlineData("Strategic developments", "Arrests", IncidentType.DetentionAbduction)]
    [InlineData("Battles", "Sniper fire", IncidentType.SniperFire)]
    [InlineData(null, "ConstructionOfFortifications", IncidentType.ConstructionOfFortifications)]
    public void ACLED_names_read_as_the_commissions_types(string? eventType, string subType, IncidentType expected)
    {
        Assert.Equal(expected, IncidentTypes.Parse(eventType, subType));
    }

    [Fact]
    public void A_sub_type_under_the_wrong_event_type_or_an_unknown_one_is_not_read()
    {
        Assert.Null(IncidentTypes.Parse("Protests", "Armed clash"));
        Assert.Null(IncidentTypes.Parse("Battles", "Peaceful protest"));
        Assert.Equal(Enum.GetValues<IncidentType>(), IncidentTypes.All.Select(t => t.Type));
    }
}

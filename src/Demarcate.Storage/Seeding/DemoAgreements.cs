using Demarcate.Core;
using Demarcate.Core.Agreements;
using Demarcate.Core.Geodesy;
using Demarcate.Core.TransportLinks;
using Demarcate.Core.Trust;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage.Seeding;

/// <summary>
/// The demo's agreements register and task force: the leaders' statements of 9–10 November 2020, 11 January 2021,
/// 26 November 2021 and 31 October 2022, each provision summarised in the commission's own words (never quoted),
/// with implementation assessments that are DEMO ASSESSMENTS — plausible, illustrative, nobody's evaluation — and
/// three illustrative task-force routes.
/// </summary>
public static class DemoAgreements
{
    /// <summary>Marks every demo assessment, so that no one mistakes it for a party's or the commission's view.</summary>
    public const string DemoMark = "[demo assessment] ";

    private static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    private static readonly string[] Leaders = ["President of the Republic of Azerbaijan", "Prime Minister of the Republic of Armenia", "President of the Russian Federation"];

    private static Provision P(string number, ProvisionTheme theme, string text, ProvisionDeadline deadline, string[] responsible, params RecordLink[] links) =>
        new(number, text, theme) { Deadline = deadline, ResponsibleParties = responsible, Links = links };

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    /// <summary>One of the demo's leaders' statements: every one is trilateral, signed by the three leaders, and paraphrased.</summary>
    private sealed record Statement(string Id, string Title, DateOnly SignedOn, IReadOnlyList<Provision> Provisions);

    private static readonly Statement[] Statements =
    [
        new("TS-2020-11-10", "Trilateral statement on the ceasefire (9–10 November 2020)", D(2020, 11, 10),
        [
            P("1", ProvisionTheme.Ceasefire, "All hostilities stop from midnight (Moscow time) on 10 November 2020; each side holds the positions it then occupies.", ProvisionDeadline.By(D(2020, 11, 10)), ["AM", "AZ"]),
            P("2", ProvisionTheme.Troops, "The Agdam district is handed back to Azerbaijan.", ProvisionDeadline.By(D(2020, 11, 20)), ["AM"]),
            P("3", ProvisionTheme.Troops, "A Russian peacekeeping contingent deploys along the line of contact and along the Lachin corridor, as the Armenian forces withdraw.", ProvisionDeadline.None, ["RU"]),
            P("4", ProvisionTheme.Troops, "The peacekeepers stay for five years, renewed for further five-year terms unless a party gives six months' notice.", ProvisionDeadline.None, ["RU"]),
            P("5", ProvisionTheme.Ceasefire, "A peacekeeping centre is set up to watch over the ceasefire.", ProvisionDeadline.None, ["RU", "AZ"]),
            P("6a", ProvisionTheme.Troops, "The Kalbajar district is handed back (the date was later put back by ten days).", ProvisionDeadline.By(D(2020, 11, 25)), ["AM"]),
            P("6b", ProvisionTheme.Troops, "The Lachin district is handed back, except for a corridor about five kilometres wide linking Nagorno-Karabakh with Armenia.", ProvisionDeadline.By(D(2020, 12, 1)), ["AM"]),
            P("6c", ProvisionTheme.Transport, "A plan for a new road through the corridor is agreed within three years, after which the peacekeepers move to it.", ProvisionDeadline.Within(1095), ["AM", "AZ", "RU"]),
            P("7", ProvisionTheme.Refugees, "Displaced persons and refugees go back to Nagorno-Karabakh and the districts around it, overseen by the UN refugee agency.", ProvisionDeadline.None, ["AM", "AZ"]),
            P("8", ProvisionTheme.Humanitarian, "Prisoners of war, hostages, other detainees and the bodies of the dead are exchanged.", ProvisionDeadline.None, ["AM", "AZ"]),
            P("9", ProvisionTheme.Transport, "All economic and transport links in the region are unblocked; Armenia guarantees safe passage between western Azerbaijan and Nakhchivan, watched over by the Russian border service; new routes are built as the parties agree.", ProvisionDeadline.None, ["AM", "AZ", "RU"], new RecordLink("action", "TF-RAIL-ARAKS"), new RecordLink("action", "TF-RAIL-YERASKH")),
        ]),
        new("TS-2021-01-11", "Trilateral statement on economic and transport links (11 January 2021)", D(2021, 1, 11),
        [
            P("1", ProvisionTheme.Transport, "A trilateral working group co-chaired by the three deputy prime ministers is set up to carry out point 9 of the November 2020 statement.", ProvisionDeadline.None, ["AM", "AZ", "RU"]),
            P("2", ProvisionTheme.Transport, "The working group meets for the first time.", ProvisionDeadline.By(D(2021, 1, 30)), ["AM", "AZ", "RU"]),
            P("3", ProvisionTheme.Transport, "Expert subgroups list the main directions of work, rail and road first, within about a month.", ProvisionDeadline.Within(30), ["AM", "AZ", "RU"], new RecordLink("action", "TF-ROAD-IJEVAN")),
            P("4", ProvisionTheme.Transport, "The working group puts to the leaders a list of projects to restore and build transport infrastructure, with a schedule.", ProvisionDeadline.By(D(2021, 3, 1)), ["AM", "AZ", "RU"]),
        ]),
        new("TS-2021-11-26", "Trilateral statement of Sochi (26 November 2021)", D(2021, 11, 26),
        [
            P("1", ProvisionTheme.Delimitation, "The sides work towards a bilateral commission to delimit and then demarcate the state border, with Russia's advice if the sides ask for it.", ProvisionDeadline.By(D(2022, 12, 31)), ["AM", "AZ", "RU"], new RecordLink("sector", "M-01")),
            P("2", ProvisionTheme.Ceasefire, "The sides take steps to make the border area more stable and secure.", ProvisionDeadline.None, ["AM", "AZ"]),
            P("3", ProvisionTheme.Transport, "The working group's progress is welcomed; the first concrete projects to unblock links should start soon.", ProvisionDeadline.None, ["AM", "AZ", "RU"]),
        ]),
        new("TS-2022-10-31", "Trilateral statement of Sochi (31 October 2022)", D(2022, 10, 31),
        [
            P("1", ProvisionTheme.Other, "The sides confirm they will carry out the earlier statements in full.", ProvisionDeadline.None, ["AM", "AZ", "RU"]),
            P("2", ProvisionTheme.Ceasefire, "The sides refrain from force or its threat and settle disputes on the basis of each other's sovereignty, territorial integrity and the inviolability of borders.", ProvisionDeadline.None, ["AM", "AZ"]),
            P("3", ProvisionTheme.Transport, "The working group goes on with unblocking links and aims at practical results soon.", ProvisionDeadline.None, ["AM", "AZ", "RU"]),
            P("4", ProvisionTheme.Humanitarian, "Humanitarian questions are taken further, detainees and the search for missing persons among them.", ProvisionDeadline.None, ["AM", "AZ"]),
            P("5", ProvisionTheme.Delimitation, "Russia helps the delimitation commission's work with advice, as the sides ask.", ProvisionDeadline.None, ["RU"]),
        ]),
    ];

    /// <summary>The four statements, paraphrased.</summary>
    public static IReadOnlyList<Agreement> Agreements { get; } =
    [
        .. Statements.Select(s => new Agreement(s.Id, s.Title, s.SignedOn, AgreementKind.TrilateralStatement)
        {
            Signatories = Leaders,
            Notes = "Summarised in the commission's own words for the demo; not the text of the statement.",
            Provisions = s.Provisions,
        }),
    ];

    private static StatusAssessment A(string agreement, string number, ImplementationLevel level, DateOnly on, string evidence) =>
        new(agreement, number, level, on, DemoMark + evidence);

    /// <summary>Illustrative assessments over time: the latest of each provision is its demo status.</summary>
    public static IReadOnlyList<StatusAssessment> Assessments { get; } =
    [
        A("TS-2020-11-10", "1", ImplementationLevel.Intermediate, D(2020, 11, 12), "Fighting largely stopped along the line of contact; isolated incidents reported."),
        A("TS-2020-11-10", "1", ImplementationLevel.Minimal, D(2022, 9, 15), "Serious clashes on the state border; the ceasefire held only in part."),
        A("TS-2020-11-10", "2", ImplementationLevel.Full, D(2020, 11, 20), "Handover completed on the day set."),
        A("TS-2020-11-10", "3", ImplementationLevel.Full, D(2020, 11, 14), "Contingent deployed along the line and the corridor."),
        A("TS-2020-11-10", "6a", ImplementationLevel.Full, D(2020, 11, 25), "Handover completed on the postponed date."),
        A("TS-2020-11-10", "6b", ImplementationLevel.Full, D(2020, 12, 1), "Handover completed; the corridor left under the peacekeepers."),
        A("TS-2020-11-10", "6c", ImplementationLevel.Minimal, D(2021, 6, 1), "Survey of a bypass alignment begun."),
        A("TS-2020-11-10", "6c", ImplementationLevel.Intermediate, D(2022, 8, 26), "A new alignment opened in part; the peacekeepers moved to it."),
        A("TS-2020-11-10", "7", ImplementationLevel.Minimal, D(2021, 12, 1), "Returns under UN supervision have not started at scale."),
        A("TS-2020-11-10", "8", ImplementationLevel.Minimal, D(2020, 12, 14), "First exchange of prisoners through the mediator."),
        A("TS-2020-11-10", "8", ImplementationLevel.Intermediate, D(2021, 6, 12), "Further releases and exchanges of remains; cases remain open."),
        A("TS-2020-11-10", "9", ImplementationLevel.Minimal, D(2021, 3, 1), "Directions agreed in the working group; no link reopened."),
        A("TS-2021-01-11", "1", ImplementationLevel.Full, D(2021, 1, 30), "Working group formed."),
        A("TS-2021-01-11", "2", ImplementationLevel.Full, D(2021, 1, 30), "First meeting held on the day set."),
        A("TS-2021-01-11", "3", ImplementationLevel.Intermediate, D(2021, 2, 12), "Subgroups formed for rail, road and other transport; lists partly delivered."),
        A("TS-2021-01-11", "4", ImplementationLevel.Minimal, D(2021, 3, 1), "A first list handed over, without a schedule."),
        A("TS-2021-11-26", "1", ImplementationLevel.Intermediate, D(2022, 5, 24), "Each side formed its delegation to the commission; first joint meeting held."),
        A("TS-2021-11-26", "3", ImplementationLevel.Minimal, D(2022, 6, 1), "No project under way yet."),
        A("TS-2022-10-31", "4", ImplementationLevel.Minimal, D(2022, 12, 15), "A small number of detainees released."),
    ];

    private static LineString Route(params (double Lat, double Lon)[] points) =>
        Factory.CreateLineString([.. points.Select(p => new Coordinate(p.Lon, p.Lat))]);

    /// <summary>One demo task-force action as the table below lists it: the commission's own, with the fields that differ.</summary>
    private sealed record ActionRow(
        string Id, string Title, Subgroup Subgroup, LineString Route, IReadOnlyList<string> Responsible, ActionStatus Status, DateOnly Deadline,
        IReadOnlyList<Checkpoint> Checkpoints, string Notes, Publication Publication);

    private static readonly ActionRow[] ActionRows =
    [
        new("TF-RAIL-ARAKS", "Restore the railway along the Araks: Ordubad – Meghri – Horadiz (illustrative)", Subgroup.Rail,
            Route((38.905, 46.025), (38.880, 46.120), (38.870, 46.190), (38.900, 46.250), (38.950, 46.350), (39.050, 46.520), (39.200, 46.800), (39.400, 47.150)),
            ["AM", "AZ", "RU"], ActionStatus.Agreed, D(2027, 12, 31),
            [new Checkpoint("Meghri station", CheckpointKind.Station, new GeoPoint(38.900, 46.250)), new Checkpoint("Border crossing east of Meghri", CheckpointKind.BorderCrossing, new GeoPoint(38.960, 46.370))],
            "Demo route, drawn by hand; a sketch of where the old line runs, not its survey.", Publication.Published),
        new("TF-RAIL-YERASKH", "Reopen the rail link Yeraskh – Sadarak (illustrative)", Subgroup.Rail,
            Route((39.800, 44.740), (39.765, 44.790), (39.740, 44.840), (39.720, 44.880)),
            ["AM", "AZ"], ActionStatus.Proposed, D(2026, 12, 31),
            [new Checkpoint("Yeraskh", CheckpointKind.Station, new GeoPoint(39.765, 44.790)), new Checkpoint("Customs post", CheckpointKind.Customs, new GeoPoint(39.740, 44.840))],
            "Demo route, drawn by hand.", Publication.Submitted),
        new("TF-ROAD-IJEVAN", "Reopen the road Ijevan – Gazakh (illustrative)", Subgroup.Road,
            Route((40.879, 45.149), (40.950, 45.220), (41.020, 45.290), (41.093, 45.366)),
            ["AM", "AZ"], ActionStatus.Proposed, D(2027, 6, 30),
            [new Checkpoint("Ijevan", CheckpointKind.Junction, new GeoPoint(40.879, 45.149)), new Checkpoint("Gazakh", CheckpointKind.Junction, new GeoPoint(41.093, 45.366))],
            "Demo route, drawn by hand.", Publication.Published),
    ];

    /// <summary>Three illustrative routes, drawn by hand for the demo along roughly where such links run (not surveyed alignments).</summary>
    public static IReadOnlyList<TaskForceAction> Actions { get; } =
    [
        .. ActionRows.Select(a => new TaskForceAction(a.Id, a.Title, a.Subgroup, a.Route)
        {
            ResponsibleParties = a.Responsible,
            Status = a.Status,
            Deadline = a.Deadline,
            Checkpoints = a.Checkpoints,
            Notes = a.Notes,
            Publication = a.Publication,
        }),
    ];

    /// <summary>Writes the demo register and task force as the commission itself, unless the store already has an agreement.</summary>
    public static async Task EnsureAsync(ICommissionStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var system = Caller.CommissionSystem;
        if ((await store.ListAgreementsAsync(system, cancellationToken)).Count > 0)
        {
            return;
        }

        foreach (var agreement in Agreements)
        {
            await store.AddAgreementAsync(system, agreement, cancellationToken);
        }

        foreach (var assessment in Assessments)
        {
            await store.RecordAssessmentAsync(system, assessment, cancellationToken);
        }

        foreach (var action in Actions)
        {
            await store.AddActionAsync(system, action, cancellationToken);
        }
    }
}

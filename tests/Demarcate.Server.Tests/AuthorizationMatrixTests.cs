using System.Net;
using System.Text;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Proceedings;
using Demarcate.Core.Trust;
using Demarcate.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Demarcate.Server.Tests;

/// <summary>
/// Every endpoint the server maps (read from ASP.NET's EndpointDataSource) × every role, against one
/// table of what is expected. An endpoint without a row fails the test, so nothing new goes unchecked.
/// </summary>
public sealed class AuthorizationMatrixTests : IClassFixture<DemarcateFactory>
{
    /// <summary>What a role gets from an endpoint: let through, refused (401/403), or shown nothing (404, as for a missing record).</summary>
    public enum Outcome
    {
        Allow,
        Deny,
        Hidden,
    }

    public static readonly string?[] Roles =
    [
        null, "am.cochair", "am.legal", "am.carto", "am.observer", "am.humanitarian",
        "az.cochair", "az.legal", "az.carto", "az.observer", "az.humanitarian",
        "ru.adviser", "ru.carto", "ru.humanitarian", "monitor", "admin",
    ];

    private static readonly string[] Editors = ["am.cochair", "am.legal", "am.carto", "az.cochair", "az.legal", "az.carto", "ru.adviser", "ru.carto"];

    private sealed record Row(string Method, string Pattern, string Url, Func<string?, Outcome> Expect, string? Body = null, string ContentType = "application/json");

    private static Outcome Anyone(string? role) => Outcome.Allow;

    private static Outcome Attributors(string? role) => role is "monitor" or "ru.adviser" ? Outcome.Allow : Outcome.Deny;

    private static Outcome SignedIn(string? role) => role is null ? Outcome.Deny : Outcome.Allow;

    private static Outcome EditorsOnly(string? role) => Editors.Contains(role) ? Outcome.Allow : Outcome.Deny;

    private static Outcome AmEditorsSeeDraft(string? role) =>
        role is "am.cochair" or "am.legal" or "am.carto" ? Outcome.Allow : role is null ? Outcome.Deny : Outcome.Hidden;

    private static Outcome CoChairsAndMediator(string? role) => role is "am.cochair" or "az.cochair" or "ru.adviser" ? Outcome.Allow : Outcome.Deny;

    private static Outcome Proposers(string? role) => role is "am.cochair" or "am.legal" or "az.cochair" or "az.legal" or "ru.adviser" ? Outcome.Allow : Outcome.Deny;

    private static Outcome StateCoChairs(string? role) => role is "am.cochair" or "az.cochair" ? Outcome.Allow : Outcome.Deny;

    private static Outcome OwnTokenOnly(string? role) => role is null ? Outcome.Deny : Outcome.Hidden; // the sample id is nobody's token

    private const string LineFeature =
        """{"type":"Feature","properties":{"id":"matrix-line","section":"main","name":"Matrix"},"geometry":{"type":"LineString","coordinates":[[45.0,41.0],[45.1,40.9]]}}""";

    private const string DatasetFeature =
        """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"layer":"boundary_lines","line_id":"matrix-line","section_id":"main","kind":"PartyClaim","name":"Matrix"},"geometry":{"type":"LineString","coordinates":[[45.0,41.0],[45.1,40.9]]}}]}""";

    private static readonly Row[] Table =
    [
        new("GET", "/health", "/health", Anyone),
        new("GET", "/openapi/{documentName}.json", "/openapi/v1.json", Anyone),
        new("GET", "/api/commission", "/api/commission", Anyone),
        new("GET", "/api/sections", "/api/sections", Anyone),
        new("GET", "/api/sources", "/api/sources", Anyone),
        new("GET", "/api/sources/{id}", "/api/sources/osm", Anyone),
        new("GET", "/api/sources/{id}/files/{name}", "/api/sources/osm/files/matrix.txt", Anyone),
        // Editors add sources for their own party (administrators and monitors belong to none).
        new("POST", "/api/sources", "/api/sources", EditorsOnly, """{"id":"matrix-line","title":"Matrix map","issuer":"Matrix"}"""),
        // AM's draft source with a stale version: AM's editors 409, its observer 403, everybody else the 404 of a missing source.
        new("PUT", "/api/sources/{id}", "/api/sources/matrix-am-source", SubmitDraft, """{"title":"Matrix map","issuer":"Matrix","version":99}"""),
        new("POST", "/api/sources/{id}/files", "/api/sources/matrix-am-source/files?name=matrix.txt", SubmitDraft, "matrix file", "text/plain"),
        // Scan fits are seen like their source (AM's draft here) and made by the providing party's editors.
        new("GET", "/api/sources/{id}/scans", "/api/sources/matrix-am-source/scans", AmEditorsSeeDraftOrObserver),
        new("GET", "/api/sources/{id}/scans/{number:int}", "/api/sources/matrix-am-source/scans/1", AmEditorsSeeDraftOrObserver),
        new("POST", "/api/sources/{id}/scans", "/api/sources/matrix-am-source/scans", SubmitDraft, MatrixScanFit),
        new("GET", "/api/sectors", "/api/sectors", Anyone),
        new("GET", "/api/sectors/{id}", "/api/sectors/M-01", Anyone),
        new("GET", "/api/layers/lines", "/api/layers/lines", Anyone),
        new("GET", "/api/layers/breaks", "/api/layers/breaks", Anyone),
        new("GET", "/api/layers/sectors", "/api/layers/sectors", Anyone),
        // The basemap's settlements are public reference data (GeoNames), not the commission's record.
        new("GET", "/api/layers/settlements", "/api/layers/settlements", Anyone),
        new("GET", "/tiles/{layer}/{z:int}/{x:int}/{y:int}.mvt", "/tiles/lines/8/160/96.mvt", Anyone),
        new("GET", "/tiles/{layer}/{z:int}/{x:int}/{y:int}.mvt", "/tiles/sectors/8/160/96.mvt", Anyone),
        new("GET", "/tiles/{layer}/{z:int}/{x:int}/{y:int}.mvt", "/tiles/pillars/8/160/96.mvt", Anyone),
        new("GET", "/tiles/{layer}/{z:int}/{x:int}/{y:int}.mvt", "/tiles/incidents/8/160/96.mvt", Anyone),
        new("GET", "/tiles/{layer}/{z:int}/{x:int}/{y:int}.mvt", "/tiles/settlements/8/160/96.mvt", Anyone),
        new("GET", "/api/lines", "/api/lines", Anyone),
        new("GET", "/api/lines/{id}", "/api/lines/matrix-am-draft", AmEditorsSeeDraftOrObserver),
        new("GET", "/api/compare", "/api/compare?a=matrix-am-draft&b=naturalearth-main", AmEditorsSeeDraftOrObserver),
        new("GET", "/api/pillars", "/api/pillars?sector=M-01", Anyone),
        new("GET", "/api/pillars/{prefix}/{sequence}", "/api/pillars/M-01/1", AmEditorsSeeDraftOrObserver),
        // Planning is a delegation's editors' act (a dry run here); submitting with no drafts is refused by the rules (422), not hidden.
        new("POST", "/api/sectors/{id}/pillars/plan", "/api/sectors/M-01/pillars/plan", EditorsOnly, "{}"),
        new("POST", "/api/pillars/submit", "/api/pillars/submit?sector=M-02", EditorsOnly),
        // M-01/1 is AM's draft: AM's cartographer gets to the bad input (400) or the stale version (409); other survey
        // teams get the 404 of a missing pillar; AM's non-surveyors are refused; everyone else sees nothing.
        new("POST", "/api/pillars/{prefix}/{sequence}/inspections", "/api/pillars/M-01/1/inspections", AmSurveyorInspects, "not a form", "text/plain"),
        new("POST", "/api/pillars/{prefix}/{sequence}/status", "/api/pillars/M-01/1/status", AmSurveyorChangesStatus, """{"status":"Damaged","version":99}"""),
        // Witness marks are as private as their pillar: AM's draft M-01/1 reads as missing to others; a stale version is AM's surveyor's 409.
        new("GET", "/api/pillars/{prefix}/{sequence}/witness-marks", "/api/pillars/M-01/1/witness-marks", AmEditorsSeeDraftOrObserver),
        new("PUT", "/api/pillars/{prefix}/{sequence}/witness-marks", "/api/pillars/M-01/1/witness-marks", AmSurveyorChangesStatus, """{"version":99,"marks":[{"number":1,"kind":"iron pin","bearing":10,"distance":12}]}"""),
        new("POST", "/api/pillars/witness-marks", "/api/pillars/witness-marks?dryRun=true", Surveyors, "pillar,mark,kind,bearing,distance\nM-01/1,1,iron pin,10,12\n", "text/csv"),
        // The agreements register is for commission members; co-chairs and the mediator's advisers record a provision's status.
        new("GET", "/api/agreements", "/api/agreements", Anyone),
        new("GET", "/api/agreements/dashboard", "/api/agreements/dashboard?date=2026-11-24", Anyone),
        new("GET", "/api/agreements/{id}", "/api/agreements/TS-2021-01-11", MembersSee),
        new("POST", "/api/agreements/{id}/provisions/{number}/status", "/api/agreements/TS-2021-01-11/provisions/4/status", MembersSeeConvenersAct, """{"level":2,"assessedOn":"2026-11-01","evidence":"Matrix"}"""),
        // Revising a provision at a stale version: co-chairs and the mediator's adviser reach the 409, other members 403, the rest the 404 of a missing agreement.
        new("PUT", "/api/agreements/{id}/provisions/{number}", "/api/agreements/TS-2021-01-11/provisions/4", MembersSeeConvenersAct, """{"summary":"Matrix","theme":"Other","version":99}"""),
        new("GET", "/api/agreements/{id}/revisions", "/api/agreements/TS-2021-01-11/revisions", MembersSee),
        // Task-force actions: editors propose for their own party; TF-MATRIX-AM is AM's draft, hidden from everyone else.
        new("GET", "/api/taskforce/actions", "/api/taskforce/actions", Anyone),
        new("POST", "/api/taskforce/actions", "/api/taskforce/actions", EditorsOnly, """{"id":"matrix-line","title":"Matrix road","subgroup":"Road","route":"45.0 41.0, 45.1 40.9"}"""),
        new("GET", "/api/taskforce/actions/{id}", "/api/taskforce/actions/TF-MATRIX-AM", AmEditorsSeeDraftOrObserver),
        new("GET", "/api/taskforce/actions/{id}/crossings", "/api/taskforce/actions/TF-MATRIX-AM/crossings", AmEditorsSeeDraftOrObserver),
        // A stale version on AM's draft: its co-chair gets the 409 (allowed through), its other members are refused, others see nothing.
        new("POST", "/api/taskforce/actions/{id}/status", "/api/taskforce/actions/TF-MATRIX-AM/status", AmDraftStatus, """{"status":"Agreed","version":99}"""),
        new("POST", "/api/pillars/survey", "/api/pillars/survey?crs=EPSG:4326&frame=ITRF2014&epoch=2024.3&accuracy=0.02&dryRun=true", Surveyors, "pillar,lat,lon\nM-01/1,41.2,45.0\n", "text/csv"),
        // The documents show what the register shows: AM's draft pillar M-01/1 is on AM's cards only; the list and the strip
        // maps answer everyone, each with what they may see.
        new("GET", "/api/pillars/{prefix}/{sequence}/card.pdf", "/api/pillars/M-01/1/card.pdf", AmEditorsSeeDraftOrObserver),
        new("GET", "/api/pillars/cards.pdf", "/api/pillars/cards.pdf?sector=M-01", AmEditorsSeeDraftOrObserver),
        new("GET", "/api/pillars/strip-maps.pdf", "/api/pillars/strip-maps.pdf?sector=M-01&scale=100000", Anyone),
        new("GET", "/api/pillars.csv", "/api/pillars.csv?sector=M-01", Anyone),
        new("GET", "/api/pillars.xlsx", "/api/pillars.xlsx?sector=M-01", Anyone),
        new("POST", "/api/lines", "/api/lines", EditorsOnly, LineFeature, "application/geo+json"),
        // Anyone downloads what they may see; a delegation's editors import a dataset's lines as their drafts.
        new("GET", "/api/export", "/api/export?format=gpkg", Anyone),
        new("POST", "/api/import", "/api/import?format=geojson&file=matrix.geojson", EditorsOnly, DatasetFeature),
        new("POST", "/api/lines/import", "/api/lines/import?format=wkt&section=main&file=matrix.wkt", EditorsOnly, "matrix-line\tLINESTRING (45 41, 45.1 40.9)\n", "text/plain"),
        // A stale version: the delegation's own editors get 409 (let through, refused on the version),
        // its observer 403, everybody else the same 404 as for a missing line. The draft stays a draft.
        new("POST", "/api/lines/{id}/submit", "/api/lines/matrix-am-draft/submit", SubmitDraft, """{"version":99}"""),
        new("POST", "/api/sectors/{id}/status", "/api/sectors/M-03/status", CoChairsAndMediator, """{"status":"UnderDiscussion","version":1}"""),
        // Anyone may try to sign in; these credentials are wrong, so everyone gets 401.
        // Versions are the commission's working documents: members see them; others get an empty list.
        new("GET", "/api/sectors/{id}/versions", "/api/sectors/M-04/versions", Anyone),
        new("POST", "/api/sectors/{id}/versions", "/api/sectors/M-04/versions", Proposers, LineFeature.Replace("\"name\":\"Matrix\"", "\"description\":\"text\"", StringComparison.Ordinal), "application/geo+json"),
        // Signing needs the co-chair's password; the matrix sends the right one, so state co-chairs are let through.
        new("POST", "/api/sectors/{id}/versions/{number:int}/signatures", "/api/sectors/M-04/versions/1/signatures", StateCoChairs, $$"""{"password":"{{DemarcateFactory.Password}}"}"""),
        // Proceedings. {proposal}, {session} and {document} stand for the AM delegation's draft proposal and
        // document and a planned session, seeded before the crawl (their ids are the store's own).
        new("GET", "/api/sectors/{id}/proposals", "/api/sectors/M-01/proposals", Anyone),
        new("POST", "/api/sectors/{id}/proposals", "/api/sectors/M-01/proposals", EditorsOnly, ProposalFeature, "application/geo+json"),
        new("GET", "/api/proposals/{id}", "/api/proposals/{proposal}", AmEditorsSeeDraftOrObserver),
        new("POST", "/api/proposals/{id}/submit", "/api/proposals/{proposal}/submit", SubmitDraft, """{"version":99}"""),
        new("POST", "/api/proposals/{id}/withdraw", "/api/proposals/{proposal}/withdraw", SubmitDraft, """{"version":99}"""),
        // Boundary descriptions. {description} is the AM delegation's draft description of M-01 ("AM-1"), seeded before the crawl.
        new("GET", "/api/sectors/{id}/descriptions", "/api/sectors/M-01/descriptions", Anyone),
        // Saved on a stale version: editors get 409 (let through, refused on the version), everybody else 403 (401 anonymous).
        new("POST", "/api/sectors/{id}/descriptions", "/api/sectors/M-01/descriptions", EditorsOnly, DescriptionSave),
        // The live preview resolves text against the lines the caller may see: public computation.
        new("POST", "/api/sectors/{id}/descriptions/resolve", "/api/sectors/M-01/descriptions/resolve", Anyone, """{"text":"TURNING POINT A AT 41 N 45 E IN EPSG:4326, FIXED BY MAP"}"""),
        new("GET", "/api/sectors/{id}/descriptions/diff", "/api/sectors/M-01/descriptions/diff?a={description}&b={description}", AmEditorsSeeDraftOrObserver),
        new("GET", "/api/sectors/{id}/descriptions/{version}", "/api/sectors/M-01/descriptions/{description}", AmEditorsSeeDraftOrObserver),
        new("POST", "/api/sectors/{id}/descriptions/{version}/submit", "/api/sectors/M-01/descriptions/{description}/submit", SubmitDraft, """{"version":99}"""),
        new("GET", "/api/sectors/{id}/descriptions/{version}/resolve", "/api/sectors/M-01/descriptions/{description}/resolve", AmEditorsSeeDraftOrObserver),
        new("GET", "/api/sectors/{id}/descriptions/{version}/table", "/api/sectors/M-01/descriptions/{description}/table", AmEditorsSeeDraftOrObserver),
        new("GET", "/api/sectors/{id}/descriptions/{version}/table", "/api/sectors/M-01/descriptions/{description}/table?format=xlsx&language=ru", AmEditorsSeeDraftOrObserver),
        new("GET", "/api/sectors/{id}/descriptions/{version}/protocol", "/api/sectors/M-01/descriptions/{description}/protocol?language=ru&format=pdf", AmEditorsSeeDraftOrObserver),
        new("GET", "/api/sectors/{id}/descriptions/{version}/map", "/api/sectors/M-01/descriptions/{description}/map?scale=100000", AmEditorsSeeDraftOrObserver),
        new("GET", "/api/sectors/{id}/descriptions/{version}/contradictions", "/api/sectors/M-01/descriptions/{description}/contradictions", AmEditorsSeeDraftOrObserver),
        new("GET", "/api/sectors/{id}/decisions", "/api/sectors/M-01/decisions", Anyone),
        new("GET", "/api/sessions", "/api/sessions", Anyone),
        new("POST", "/api/sessions", "/api/sessions", CoChairsAndMediator, """{"date":"2026-12-03","place":"Matrix","agenda":[{"title":"M-01","sectors":["M-01"]}]}"""),
        new("GET", "/api/sessions/{id}", "/api/sessions/{session}", MembersSee),
        // A stale version: co-chairs and the mediator's advisers get 409, other members 403, the rest 404.
        new("PUT", "/api/sessions/{id}", "/api/sessions/{session}", MembersSeeConvenersAct, """{"date":"2026-12-03","place":"Matrix","version":99}"""),
        // The session is still planned: the conveners get 422 (let through, refused on the rule).
        new("POST", "/api/sessions/{id}/decisions", "/api/sessions/{session}/decisions", MembersSeeConvenersAct, """{"sectors":["M-01"],"text":"Matrix"}"""),
        new("GET", "/api/documents", "/api/documents", Anyone),
        new("POST", "/api/documents", "/api/documents", EditorsOnly, """{"kind":"Minutes","title":"Matrix","text":"minutes"}"""),
        new("GET", "/api/documents/{id}", "/api/documents/{document}", AmEditorsSeeDraftOrObserver),
        new("POST", "/api/documents/{id}/versions", "/api/documents/{document}/versions?version=99", SubmitDraft, "a new version", "text/plain"),
        new("GET", "/api/documents/{id}/versions/{number:int}", "/api/documents/{document}/versions/1", AmEditorsSeeDraftOrObserver),
        new("POST", "/api/documents/{id}/publication", "/api/documents/{document}/publication", SubmitDraft, """{"publication":"Submitted","version":99}"""),
        new("POST", "/api/session", "/api/session", _ => Outcome.Deny, """{"userName":"nobody","password":"wrong"}"""),
        new("DELETE", "/api/session", "/api/session", SignedIn),
        new("GET", "/api/me", "/api/me", SignedIn),
        new("GET", "/api/accounts", "/api/accounts", SignedIn),
        new("GET", "/api/tokens", "/api/tokens", SignedIn),
        new("POST", "/api/tokens", "/api/tokens", SignedIn, """{"name":"matrix","days":1}"""),
        new("DELETE", "/api/tokens/{id}", "/api/tokens/nosuchtoken", OwnTokenOnly),
        new("GET", "/api/journal/head", "/api/journal/head", SignedIn),
        // Geodesy is public computation.
        new("GET", "/api/crs", "/api/crs", Anyone),
        new("GET", "/api/crs/{code}", "/api/crs/EPSG:28408", Anyone),
        new("GET", "/api/operations", "/api/operations?from=EPSG:28408&to=EPSG:32638", Anyone),
        new("POST", "/api/transform", "/api/transform?from=EPSG:28408&to=EPSG:32638&operation=EPSG:15865", Anyone, "4540000 8500000\n", "text/plain"),
        new("POST", "/api/transform/points", "/api/transform/points", Anyone, """{"from":"EPSG:4326","to":"EPSG:32638","points":[[40.5,45.0]]}"""),
        // The commission's CRS registry: cartographers, the mediator's advisers and administrators add to it. Each role
        // adds its own code (the body's "matrix-line" is made per role); the change carries a stale version, so those
        // let through get 409, other members 403, and roles that cannot see the unpublished entry the 404 of a missing one.
        new("POST", "/api/crs", "/api/crs", CrsDefiners, """{"code":"DEMARCATE:matrix-line","name":"Matrix","definition":"+proj=utm +zone=38 +ellps=WGS84 +units=m"}"""),
        new("PUT", "/api/crs/{code}", "/api/crs/DEMARCATE:MATRIX", CrsChangers, """{"name":"Matrix","definition":"+proj=utm +zone=38 +ellps=WGS84 +units=m","version":99}"""),
        new("GET", "/api/sheets/{id}", "/api/sheets/K-38-34", Anyone),
        new("GET", "/api/sheets", "/api/sheets?lat=40.98&lon=45.12&scale=100000", Anyone),
        new("POST", "/api/geodesic/length", "/api/geodesic/length", Anyone, """{"points":[[40.5,45.0],[40.6,45.1]]}"""),
        // OGC API – Features: anyone may read; each collection shows the caller what the store lets it see, and a
        // delegation's draft line answers everyone else exactly like a missing feature.
        new("GET", "/ogc", "/ogc", Anyone),
        new("GET", "/ogc/conformance", "/ogc/conformance", Anyone),
        new("GET", "/ogc/api", "/ogc/api", Anyone),
        new("GET", "/ogc/collections", "/ogc/collections", Anyone),
        new("GET", "/ogc/collections/{collectionId}", "/ogc/collections/lines", Anyone),
        new("GET", "/ogc/collections/{collectionId}/items", "/ogc/collections/lines/items", Anyone),
        new("GET", "/ogc/collections/{collectionId}/items/{featureId}", "/ogc/collections/lines/items/matrix-am-draft", AmEditorsSeeDraftOrObserver),
        // Delimitation documents from a description's canonical text: any signed-in member (stateless; reference legs
        // follow only the lines the caller may see).
        new("POST", "/api/delimitation/protocol", "/api/delimitation/protocol?language=ru&format=txt", SignedIn, MatrixDescription, "text/plain"),
        new("POST", "/api/delimitation/table", "/api/delimitation/table?format=xlsx", SignedIn, MatrixDescription, "text/plain"),
        new("POST", "/api/delimitation/map", "/api/delimitation/map?scale=100000", SignedIn, MatrixDescription, "text/plain"),
        new("GET", "", "/", Anyone),
        new("GET", "Index", "/", Anyone),
        new("GET", "Sectors", "/sectors", Anyone),
        new("GET", "Map", "/map", Anyone),
        new("GET", "Compare", "/compare?a=osm-main&b=naturalearth-main", Anyone),
        new("GET", "signin", "/signin", Anyone),
        // Pages of the proceedings: anyone may open the lists (they show what the caller may see); a session only its members.
        new("GET", "sessions", "/sessions", Anyone),
        new("GET", "sessions/{id}", "/sessions/{session}", MembersSee),
        new("GET", "sectors/{id}/proposals", "/sectors/M-01/proposals", Anyone),
        // The description editor shows anyone the versions they may see; saving is the API's to refuse.
        new("GET", "sectors/{id}/description", "/sectors/M-01/description", Anyone),
        // The documents list shows anyone what they may see (published ones to the public).
        new("GET", "documents", "/documents", Anyone),
        // The export and import page: anyone downloads what they may see; the import form shows only to a delegation's editors.
        new("GET", "exchange", "/exchange", Anyone),
        new("GET", "signout", "/signout", Anyone),
        new("GET", "sectors/{id}", "/sectors/M-01", Anyone),
        new("GET", "sources/{id}", "/sources/matrix-am-source", AmEditorsSeeDraftOrObserver),
        // The pillar register shows anyone what they may see; M-01/1 is AM's draft pillar, so its page answers like a missing one to others.
        new("GET", "Pillars", "/pillars?status=Planned", Anyone),
        new("GET", "pillars/{prefix}/{sequence}", "/pillars/M-01/1", AmEditorsSeeDraftOrObserver),
        new("GET", "language", "/language", Anyone),
        // Border incidents. {incident} is the AM delegation's draft report (with an attachment), seeded before the crawl.
        new("GET", "/api/incidents/", "/api/incidents?type=SniperFire&from=2026-01-01", Anyone),
        new("GET", "/api/incidents/export", "/api/incidents/export?format=geojson", Anyone),
        // Escalation reads the incidents the caller sees, so everyone may ask; a draft only counts for its own delegation (LeakTests).
        new("GET", "/api/incidents/escalation", "/api/incidents/escalation?asOf=2026-11-01&sector=M-04", Anyone),
        new("GET", "/api/incidents/{id}", "/api/incidents/{incident}", AmEditorsSeeDraftOrObserver),
        new("GET", "/api/incidents/{id}/attachments/{name}", "/api/incidents/{incident}/attachments/matrix.txt", AmEditorsSeeDraftOrObserver),
        // Monitors and every delegation's (and the mediator's) editors report incidents, by hand or from a file.
        new("POST", "/api/incidents/", "/api/incidents", Reporters, IncidentReport),
        new("POST", "/api/incidents/import", "/api/incidents/import?dryRun=true", Reporters, "event_id_cnty,event_date,sub_event_type,latitude,longitude\nX1,2026-03-01,Sniper fire,40.9,45.1\n", "text/csv"),
        // A delegation merges, unmerges, submits and annotates its own drafts (refused here on the rules or the version: let through);
        // its observer is refused, everybody else gets the 404 of a missing incident.
        // Attribution is recorded by the monitors and the mediator's advisers (and the commission itself).
        new("POST", "/api/incidents/attribute", "/api/incidents/attribute", Attributors, "{}"),
        new("POST", "/api/incidents/merge", "/api/incidents/merge", SubmitDraft, """{"ids":["{incident}"]}"""),
        new("POST", "/api/incidents/{id}/unmerge", "/api/incidents/{incident}/unmerge", SubmitDraft, """{"version":99}"""),
        new("POST", "/api/incidents/{id}/submit", "/api/incidents/{incident}/submit", SubmitDraft, """{"version":99}"""),
        new("POST", "/api/incidents/{id}/attachments", "/api/incidents/{incident}/attachments?name=matrix-note.txt", SubmitDraft, "note", "text/plain"),
        // Verification is the monitors' and the mediator's advisers' act; they do not see AM's draft, so only AM's members meet a refusal.
        new("POST", "/api/incidents/{id}/verify", "/api/incidents/{incident}/verify", AmMembersRefusedOthersHidden, """{"status":"Disputed","version":99}"""),
        new("GET", "Incidents", "/incidents?type=SniperFire", Anyone),
        new("GET", "Agreements", "/agreements", Anyone),
        new("GET", "agreements/{id}", "/agreements/TS-2021-01-11", MembersSee),
        new("GET", "taskforce", "/taskforce", Anyone),
        new("GET", "taskforce", "/taskforce?action=TF-MATRIX-AM", AmEditorsSeeDraftOrObserver),
        // Humanitarian cases. {hcase} is an AM prisoner-of-war case and {herased} an AM case already erased, seeded before the crawl.
        // Everyone signed in gets the figures; the page shows officers their cases and others the figures (anonymous: sign in).
        new("GET", "/api/humanitarian/summary", "/api/humanitarian/summary", SignedIn),
        new("GET", "/api/humanitarian/cases", "/api/humanitarian/cases", Officers),
        new("GET", "/api/humanitarian/cases/{id}", "/api/humanitarian/cases/{hcase}", AmCaseOfficers),
        new("POST", "/api/humanitarian/cases", "/api/humanitarian/cases", AmCaseWriters, """{"kind":"Detainee","party":"AM","reportedOn":"2021-01-05","person":{"surname":"Matrixname"}}"""),
        // A stale version: the case's officers get 409, every other caller the 404 of a missing case.
        new("POST", "/api/humanitarian/cases/{id}/status", "/api/humanitarian/cases/{hcase}/status", AmCaseOfficers, """{"status":"Confirmed","version":99}"""),
        // Erasing an erased case: the case's officers are let through and refused by the rule, everyone else gets 404.
        new("POST", "/api/humanitarian/cases/{id}/erase", "/api/humanitarian/cases/{herased}/erase", AmCaseOfficers),
        // Exchanges: officers list those in which they see a case; {hexchange} settled an AM case, so it answers 404 to everyone else signed in.
        new("GET", "/api/humanitarian/exchanges", "/api/humanitarian/exchanges", Officers),
        new("GET", "/api/humanitarian/exchanges/{id}", "/api/humanitarian/exchanges/{hexchange}", AmCaseOfficers),
        new("POST", "/api/humanitarian/exchanges", "/api/humanitarian/exchanges", ExchangeRecorders, """{"heldOn":"2021-01-06","place":"Goris","intermediary":"ICRC","cases":["{herased}"]}"""),
        new("GET", "Humanitarian", "/humanitarian", Anyone),
        new("GET", "Humanitarian", "/humanitarian?case={hcase}", role => role == "az.humanitarian" ? Outcome.Hidden : Outcome.Allow),
        new("GET", "incidents/escalation", "/incidents/escalation?sector=M-04&asOf=2026-11-01", Anyone),
        // Reference layers are shared with the commission's members (others signed in get an empty list, or the 404 of a
        // missing layer); any delegation's editors and the mediator's keep them. The demo seeds settlements-geonames.
        new("GET", "/api/layers/", "/api/layers", SignedIn),
        new("GET", "/api/layers/{id}", "/api/layers/settlements-geonames", SignedInMembersSee),
        new("GET", "/api/layers/{id}/features", "/api/layers/settlements-geonames/features?bbox=45,40,45.5,40.5", SignedInMembersSee),
        // Not a form: editors are let through to the 400 of bad input; everyone else is refused before the body is read.
        new("POST", "/api/layers/{id}", "/api/layers/matrix-layer", EditorsOnly, "not a form", "text/plain"),
        // A stale version: editors get 409 (let through), observers 403, non-members the 404 of a missing layer.
        new("DELETE", "/api/layers/{id}", "/api/layers/settlements-geonames?version=99", MembersSeeEditorsAct),
        new("GET", "layers", "/layers", Anyone),
    ];

    private static Outcome SignedInMembersSee(string? role) => role is null ? Outcome.Deny : MembersSee(role);

    private static Outcome MembersSeeEditorsAct(string? role) =>
        role is null ? Outcome.Deny : !Members.Contains(role) ? Outcome.Hidden : EditorsOnly(role);

    private const string IncidentReport = """{"date":"2026-03-01","type":"SniperFire","latitude":40.9,"longitude":45.1,"source":"Matrix patrol"}""";

    private static Outcome Reporters(string? role) => Editors.Contains(role) || role == "monitor" ? Outcome.Allow : Outcome.Deny;

    private static Outcome AmMembersRefusedOthersHidden(string? role) =>
        role is null or "am.cochair" or "am.legal" or "am.carto" or "am.observer" ? Outcome.Deny : Outcome.Hidden;

    private static Outcome Officers(string? role) => role is "am.humanitarian" or "az.humanitarian" or "ru.humanitarian" ? Outcome.Allow : Outcome.Deny;

    /// <summary>The humanitarian officers of the case's party (AM) and of the mediator; a case answers 404 to everyone else signed in.</summary>
    private static Outcome AmCaseOfficers(string? role) =>
        role is "am.humanitarian" or "ru.humanitarian" ? Outcome.Allow : role is null ? Outcome.Deny : Outcome.Hidden;

    private static Outcome AmCaseWriters(string? role) => role is "am.humanitarian" or "ru.humanitarian" ? Outcome.Allow : Outcome.Deny;

    /// <summary>Officers record exchanges of cases they see; the other party's officer meets the 404 of a missing case.</summary>
    private static Outcome ExchangeRecorders(string? role) =>
        role is "az.humanitarian" ? Outcome.Hidden : AmCaseWriters(role);

    private const string MatrixDescription =
        "TURNING POINT A AT 41.1 N 45.3 E IN EPSG:4326, FIXED BY SURVEY\nTURNING POINT B AT 41.08 N 45.33 E IN EPSG:4326, FIXED BY MAP\nFROM A TO B ALONG GEODESIC\n";

    private const string DescriptionSave = """{"text":"TURNING POINT A AT 41 N 45 E IN EPSG:4326, FIXED BY MAP","basedOn":99,"draft":true}""";

    private const string MatrixScanFit =
        """{"file":"matrix.png","crs":"EPSG:4326","controlPoints":[{"column":0,"row":0,"x":45,"y":41},{"column":20,"row":0,"x":45.2,"y":41},{"column":0,"row":10,"x":45,"y":40.9}]}""";

    private const string ProposalFeature =
        """{"type":"Feature","properties":{"title":"matrix-line","text":"Matrix proposal"},"geometry":{"type":"LineString","coordinates":[[45.0,41.0],[45.1,40.9]]}}""";

    private static readonly string[] Members =
        ["am.cochair", "am.legal", "am.carto", "am.observer", "az.cochair", "az.legal", "az.carto", "az.observer", "ru.adviser", "ru.carto"];

    private static Outcome MembersSee(string? role) => Members.Contains(role) ? Outcome.Allow : Outcome.Hidden;

    private static Outcome MembersSeeConvenersAct(string? role) =>
        role is null ? Outcome.Deny : !Members.Contains(role) ? Outcome.Hidden : CoChairsAndMediator(role);

    private readonly Dictionary<string, string> _seeded = new(StringComparer.Ordinal);

    private string Resolve(string url) => _seeded.Aggregate(url, (u, s) => u.Replace(s.Key, s.Value, StringComparison.Ordinal));

    private static Outcome CrsDefiners(string? role) =>
        role is "am.carto" or "az.carto" or "ru.carto" or "ru.adviser" or "admin" ? Outcome.Allow : Outcome.Deny;

    private static Outcome CrsChangers(string? role) =>
        role is null ? Outcome.Deny
        : CrsDefiners(role) == Outcome.Allow ? Outcome.Allow
        : role is "am.humanitarian" or "az.humanitarian" or "ru.humanitarian" or "monitor" ? Outcome.Hidden
        : Outcome.Deny;

    /// <summary>The joint survey teams: cartographers of every party and the mediator's advisers.</summary>
    private static Outcome AmDraftStatus(string? role) =>
        role is "am.cochair" ? Outcome.Allow : role is null or "am.legal" or "am.carto" or "am.observer" ? Outcome.Deny : Outcome.Hidden;

    private static Outcome Surveyors(string? role) => role is "am.carto" or "az.carto" or "ru.carto" or "ru.adviser" ? Outcome.Allow : Outcome.Deny;

    private static Outcome AmSurveyorInspects(string? role) =>
        role == "am.carto" ? Outcome.Allow : role is "az.carto" or "ru.carto" or "ru.adviser" ? Outcome.Hidden : Outcome.Deny;

    private static Outcome AmSurveyorChangesStatus(string? role) =>
        role == "am.carto" ? Outcome.Allow : role is null or "am.cochair" or "am.legal" or "am.observer" ? Outcome.Deny : Outcome.Hidden;

    private static Outcome SubmitDraft(string? role) => role == "am.observer" ? Outcome.Deny : AmEditorsSeeDraft(role);

    /// <summary>An observer of the owning delegation reads its drafts too; nobody else sees them.</summary>
    private static Outcome AmEditorsSeeDraftOrObserver(string? role) =>
        role is "am.observer" ? Outcome.Allow : AmEditorsSeeDraft(role) == Outcome.Allow ? Outcome.Allow : Outcome.Hidden;

    private readonly DemarcateFactory _factory;

    public AuthorizationMatrixTests(DemarcateFactory factory) => _factory = factory;

    [Fact]
    public void Every_endpoint_has_a_row_in_the_matrix()
    {
        var mapped = MappedEndpoints();
        var missing = mapped.Where(e => !Table.Any(r => r.Method == e.Method && r.Pattern == e.Pattern)).ToList();

        Assert.True(missing.Count == 0, "Endpoints without a row in the authorization matrix: " + string.Join(", ", missing));
        var stale = Table.Where(r => !mapped.Contains((r.Method, r.Pattern))).Select(r => $"{r.Method} {r.Pattern}").ToList();
        Assert.True(stale.Count == 0, "Rows for endpoints that no longer exist: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Every_role_gets_exactly_what_the_matrix_says_from_every_endpoint()
    {
        await _factory.AccountTokensAsync();
        await SeedDraftAsync();
        var failures = new List<string>();
        foreach (var role in Roles)
        {
            using var client = await _factory.ClientAsync(role);
            foreach (var row in Table)
            {
                var url = Resolve(row.Url);
                using var request = new HttpRequestMessage(new HttpMethod(row.Method), url);
                if (row.Body is not null)
                {
                    request.Content = new StringContent(Resolve(row.Body.Replace("matrix-line", "matrix-line-" + (role ?? "anon"), StringComparison.Ordinal)), Encoding.UTF8, row.ContentType);
                    request.Content = new StringContent(Resolve(row.Body).Replace("matrix-line", "matrix-line-" + (role ?? "anon"), StringComparison.Ordinal), Encoding.UTF8, row.ContentType);
                }

                using var response = await client.SendAsync(request);
                var actual = response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => Outcome.Deny,
                    HttpStatusCode.NotFound => Outcome.Hidden,
                    _ => Outcome.Allow,
                };
                if (response.StatusCode == HttpStatusCode.InternalServerError)
                {
                    failures.Add($"{row.Method} {url} as {role ?? "anonymous"}: 500");
                }
                else if (actual != row.Expect(role))
                {
                    failures.Add($"{row.Method} {url} as {role ?? "anonymous"}: expected {row.Expect(role)}, got {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task SeedDraftAsync()
    {
        var store = _factory.Services.GetRequiredService<ICommissionStore>();
        if ((await store.ListCrsAsync(Caller.CommissionSystem, default)).All(c => c.Code.ToString() != "DEMARCATE:MATRIX"))
        {
            await store.AddCrsAsync(Caller.CommissionSystem, Demarcate.Core.Geodesy.CommissionCrs.Read("DEMARCATE:MATRIX", "Matrix", "+proj=utm +zone=38 +ellps=WGS84 +units=m").Value, default);
        }

        if (await store.GetSourceAsync(Caller.CommissionSystem, "matrix-am-source", default) is null)
        {
            var amEditor = Caller.For(new Account("am-carto", "am.carto", "AM cartographer", new PartyCode("AM"), Role.Cartographer));
            await store.AddSourceAsync(amEditor, new CartographicSource("matrix-am-source", "Matrix map", "Matrix") { ProvidedBy = new PartyCode("AM"), Publication = Publication.Draft }, default);
            await store.AttachSourceFileAsync(Caller.CommissionSystem, "osm", "matrix.txt", "text/plain", "published file"u8.ToArray(), default);
            await store.AttachSourceFileAsync(amEditor, "matrix-am-source", "matrix.png", "image/png", Demarcate.Testing.TestScans.Png(20, 10, (_, _) => (9, 9, 9)), default);
            await store.GeoreferenceScanAsync(amEditor, System.Text.Json.JsonSerializer.Deserialize<Endpoints.SourceEndpoints.ScanRequest>(MatrixScanFit, System.Text.Json.JsonSerializerOptions.Web) is { } fit
                ? new Demarcate.Core.Georeferencing.GeoreferencedScan("matrix-am-source", fit.File!, fit.Crs!, 1, [.. fit.ControlPoints!.Select(p => new Demarcate.Core.Georeferencing.GroundControlPoint("p", p.Column, p.Row, p.X!.Value, p.Y!.Value))])
                : throw new InvalidOperationException("matrix fit"), default);
        }

        var am = new PartyCode("AM");
        var author = Caller.For(new Account("am-carto", "am.carto", "AM cartographer", am, Role.Cartographer));
        if (await store.GetPillarAsync(Caller.CommissionSystem, "M-01/1", default) is null)
        {
            var pillar = new Demarcate.Core.Demarcation.Pillar(Demarcate.Core.Demarcation.PillarNumber.Of("M-01", 1), "M-01", Demarcate.Core.Demarcation.PillarType.Primary, new Demarcate.Core.Geodesy.GeoPoint(41.2, 45.0)) { Owner = am };
            await store.RegisterPillarsAsync(author, [pillar], default);
        }

        if (await store.GetActionAsync(Caller.CommissionSystem, "TF-MATRIX-AM", default) is null)
        {
            var route = NetTopologySuite.NtsGeometryServices.Instance.CreateGeometryFactory(4326).CreateLineString([new NetTopologySuite.Geometries.Coordinate(45.0, 41.0), new NetTopologySuite.Geometries.Coordinate(45.1, 40.9)]);
            await store.AddActionAsync(author, new Demarcate.Core.TransportLinks.TaskForceAction("TF-MATRIX-AM", "Matrix draft road", Demarcate.Core.TransportLinks.Subgroup.Road, route) { Owner = am }, default);
        }

        if (await store.GetLineAsync(Caller.CommissionSystem, "matrix-am-draft", default) is null)
        {
            var template = (await store.ListLinesAsync(Caller.CommissionSystem, "main", default))[0];
            await store.AddLineAsync(author, template with { Id = "matrix-am-draft", Kind = LineKind.PartyClaim, Owner = am, ClaimedBy = am, SourceId = null }, default);
        }

        if (_seeded.Count == 0)
        {
            var proposal = await store.DraftProposalAsync(author, new ProposalDraft("M-01", "Matrix draft", "Only AM sees this.") { LineIds = ["matrix-am-draft"] }, default);
            var document = await store.AddDocumentAsync(author, new DocumentDraft(DocumentKind.Minutes, "Matrix minutes"), DocumentContent.Text("AM's draft minutes"), default);
            var session = await store.PlanSessionAsync(Caller.CommissionSystem, new SessionDraft(new DateOnly(2026, 12, 1), "Matrix hall"), default);
            _seeded["{proposal}"] = proposal.Id;
            _seeded["{document}"] = document.Id;
            _seeded["{session}"] = session.Id;
            var officer = Caller.For(new Account("am-humanitarian", "am.humanitarian", "AM humanitarian officer", am, Role.HumanitarianOfficer));
            var held = await store.AddHumanitarianCaseAsync(officer, Demarcate.Core.Humanitarian.CaseKind.PrisonerOfWar, am, new DateOnly(2020, 11, 20), new Demarcate.Core.Humanitarian.PersonalParticulars { Surname = "Matrixname" }, default);
            var erased = await store.AddHumanitarianCaseAsync(officer, Demarcate.Core.Humanitarian.CaseKind.Detainee, am, new DateOnly(2020, 11, 21), new Demarcate.Core.Humanitarian.PersonalParticulars { Surname = "Matrixgone" }, default);
            await store.EraseHumanitarianCaseAsync(officer, erased.Id, default);
            _seeded["{hcase}"] = held.Id;
            _seeded["{herased}"] = erased.Id;
            var swapped = await store.AddHumanitarianCaseAsync(officer, Demarcate.Core.Humanitarian.CaseKind.PrisonerOfWar, am, new DateOnly(2020, 11, 22), new Demarcate.Core.Humanitarian.PersonalParticulars { Surname = "Matrixswap" }, default);
            _seeded["{hexchange}"] = (await store.RecordExchangeAsync(officer, new Demarcate.Core.Humanitarian.CaseExchange("", new DateOnly(2020, 12, 14), "Goris", "ICRC", [swapped.Id]), default)).Id;
            _seeded["{description}"] = (await store.SaveDescriptionAsync(author, new Demarcate.Core.Delimitation.DescriptionDraft("M-01", MatrixDescription, 0, AsDraft: true), default)).Id;
            var incident = (await store.ReportIncidentsAsync(author, [new Demarcate.Core.Monitoring.Incident(
                "",
                new Demarcate.Core.Monitoring.IncidentDate(new DateOnly(2026, 3, 1), Demarcate.Core.Monitoring.TimePrecision.Day),
                new Demarcate.Core.Monitoring.IncidentLocation(new Demarcate.Core.Geodesy.GeoPoint(40.9, 45.1), Demarcate.Core.Monitoring.GeoPrecision.Exact),
                Demarcate.Core.Monitoring.IncidentType.SniperFire)], default)).Single();
            await store.AttachToIncidentAsync(author, incident.Id, new Demarcate.Core.Monitoring.IncidentAttachment("matrix.txt", "text/plain", "AM's draft note"u8.ToArray()), default);
            _seeded["{incident}"] = incident.Id;
        }
    }

    private HashSet<(string Method, string Pattern)> MappedEndpoints()
    {
        var sources = _factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        var found = new HashSet<(string, string)>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                found.Add((method, endpoint.RoutePattern.RawText ?? ""));
            }
        }

        return found;
    }
}

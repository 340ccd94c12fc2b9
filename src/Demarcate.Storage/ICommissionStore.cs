using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Proceedings;
using Demarcate.Core.Trust;
using NetTopologySuite.Geometries;

namespace Demarcate.Storage;

/// <summary>
/// The commission's record: the one contract every backend (the embedded GeoPackage file, PostgreSQL)
/// fulfils. Reads take the <see cref="Caller"/> and return only what that caller may see; every write
/// is one transaction.
/// </summary>
public interface ICommissionStore : IAsyncDisposable
{
    /// <summary>What and where the store is, for messages and logs (never a password).</summary>
    string Description { get; }

    Task<bool> IsEmptyAsync(CancellationToken cancellationToken);

    Task<Commission?> GetCommissionAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<Section>> ListSectionsAsync(Caller caller, CancellationToken cancellationToken);

    Task<IReadOnlyList<CartographicSource>> ListSourcesAsync(Caller caller, CancellationToken cancellationToken);

    // The source register: map editions and datasets with their files; writes carry the version they read.
    Task<CartographicSource?> GetSourceAsync(Caller caller, string sourceId, CancellationToken cancellationToken);

    Task<CartographicSource> AddSourceAsync(Caller caller, CartographicSource source, CancellationToken cancellationToken);

    Task<CartographicSource> ChangeSourceAsync(Caller caller, CartographicSource source, int expectedVersion, CancellationToken cancellationToken);

    Task<SourceFile> AttachSourceFileAsync(Caller caller, string sourceId, string name, string contentType, byte[] content, CancellationToken cancellationToken);

    /// <summary>A file of a source the caller may see, with its bytes; null when there is no such file (or source) for the caller.</summary>
    Task<(SourceFile File, byte[] Content)?> GetSourceFileAsync(Caller caller, string sourceId, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Fits one of a source's attached scans (PNG or JPEG) to the map through its control points and keeps the fit as the
    /// scan's newest; the store reads the image size and refuses a fit that is degenerate or has too few points.
    /// </summary>
    Task<Demarcate.Core.Georeferencing.GeoreferencedScan> GeoreferenceScanAsync(Caller caller, Demarcate.Core.Georeferencing.GeoreferencedScan scan, CancellationToken cancellationToken);

    /// <summary>Every fit of a source's scans, oldest first; empty when the caller may not see the source.</summary>
    Task<IReadOnlyList<Demarcate.Core.Georeferencing.GeoreferencedScan>> ListScansAsync(Caller caller, string sourceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<BoundaryLine>> ListLinesAsync(Caller caller, string? sectionId, CancellationToken cancellationToken);

    Task<BoundaryLine?> GetLineAsync(Caller caller, string lineId, CancellationToken cancellationToken);

    Task<IReadOnlyList<BreakPoint>> ListBreakPointsAsync(Caller caller, string? sectionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SectorOnLine>> ListSectorsAsync(Caller caller, string? sectionId, CancellationToken cancellationToken);

    Task<SectorOnLine?> GetSectorAsync(Caller caller, string sectorId, CancellationToken cancellationToken);

    /// <summary>The sectors the caller may see whose geometry meets <paramref name="box"/> (longitude as X, latitude as Y): the map layer of one view.</summary>
    Task<IReadOnlyList<SectorOnLine>> ListSectorsInBoxAsync(Caller caller, Envelope box, CancellationToken cancellationToken);

    /// <summary>The lines the caller may see whose geometry meets <paramref name="box"/> (longitude as X, latitude as Y).</summary>
    Task<IReadOnlyList<BoundaryLine>> ListLinesInBoxAsync(Caller caller, Envelope box, CancellationToken cancellationToken);

    /// <summary>The sector the caller may see nearest <paramref name="point"/>; null when the caller sees none with a geometry.</summary>
    Task<SectorOnLine?> NearestSectorAsync(Caller caller, Demarcate.Core.Geodesy.GeoPoint point, CancellationToken cancellationToken);

    /// <summary>Writes a whole boundary dataset (commission, sections, sources, lines, sectors) in one transaction.</summary>
    Task ImportAsync(BoundaryDataset dataset, CancellationToken cancellationToken);

    /// <summary>A consistent copy of the live store at <paramref name="destination"/>, taken without stopping it.</summary>
    Task BackupAsync(string destination, CancellationToken cancellationToken);

    // Lines and sectors: writes carry the version they read; refusals are StoreRefusalException subclasses.
    Task<BoundaryLine> AddLineAsync(Caller caller, BoundaryLine line, CancellationToken cancellationToken);

    /// <summary>Draft lines of a delegation, all written in one transaction or none (an import is all or nothing).</summary>
    Task<IReadOnlyList<BoundaryLine>> AddLinesAsync(Caller caller, IReadOnlyList<BoundaryLine> lines, CancellationToken cancellationToken);

    Task<BoundaryLine> SubmitLineAsync(Caller caller, string lineId, int expectedVersion, CancellationToken cancellationToken);

    Task<SectorOnLine> ChangeSectorStatusAsync(Caller caller, string sectorId, SectorStatus status, int expectedVersion, CancellationToken cancellationToken);

    // Delimitation: versions of a sector's agreed line and the co-chairs' signatures on them.
    Task<SectorVersion> ProposeSectorVersionAsync(Caller caller, string sectorId, MultiLineString geometry, IReadOnlyList<TurningPointRow> turningPoints, string description, CancellationToken cancellationToken);

    Task<IReadOnlyList<SectorVersion>> ListSectorVersionsAsync(Caller caller, string sectorId, CancellationToken cancellationToken);

    Task<SectorVersion> SignSectorVersionAsync(Caller caller, string sectorId, int number, Signature signature, CancellationToken cancellationToken);

    // Boundary descriptions: each delegation's numbered versions of its description of a sector (its own until submitted).
    Task<IReadOnlyList<Demarcate.Core.Delimitation.DescriptionVersion>> ListDescriptionsAsync(Caller caller, string sectorId, CancellationToken cancellationToken);

    /// <summary>One version ("AM-3"); null when there is none the caller may see.</summary>
    Task<Demarcate.Core.Delimitation.DescriptionVersion?> GetDescriptionAsync(Caller caller, string sectorId, string versionId, CancellationToken cancellationToken);

    /// <summary>Saves the caller's delegation's next version: consistent, or explicitly a draft with its problems; refused with the problems otherwise.</summary>
    Task<Demarcate.Core.Delimitation.DescriptionVersion> SaveDescriptionAsync(Caller caller, Demarcate.Core.Delimitation.DescriptionDraft draft, CancellationToken cancellationToken);

    Task<Demarcate.Core.Delimitation.DescriptionVersion> SubmitDescriptionAsync(Caller caller, string sectorId, string versionId, int expectedVersion, CancellationToken cancellationToken);

    /// <summary>The lines of the sector's section the caller may see, as the reference lines a description's legs may follow.</summary>
    Task<IReadOnlyList<Demarcate.Core.Delimitation.ReferenceLine>> ListReferenceLinesAsync(Caller caller, string sectorId, CancellationToken cancellationToken);

    // Proceedings: proposals per sector, commission sessions and their decisions, documents with versions.
    Task<Proposal> DraftProposalAsync(Caller caller, ProposalDraft draft, CancellationToken cancellationToken);

    Task<Proposal?> GetProposalAsync(Caller caller, string proposalId, CancellationToken cancellationToken);

    /// <summary>A sector's proposals the caller may see, as a thread: in the order they were drafted, each naming the one it answers.</summary>
    Task<IReadOnlyList<Proposal>> ListProposalsAsync(Caller caller, string sectorId, CancellationToken cancellationToken);

    Task<Proposal> SubmitProposalAsync(Caller caller, string proposalId, int expectedVersion, CancellationToken cancellationToken);

    Task<Proposal> WithdrawProposalAsync(Caller caller, string proposalId, int expectedVersion, CancellationToken cancellationToken);

    Task<CommissionSession> PlanSessionAsync(Caller caller, SessionDraft draft, CancellationToken cancellationToken);

    Task<CommissionSession> ReviseSessionAsync(Caller caller, string sessionId, int expectedVersion, SessionDraft draft, CancellationToken cancellationToken);

    Task<CommissionSession?> GetSessionAsync(Caller caller, string sessionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<CommissionSession>> ListSessionsAsync(Caller caller, CancellationToken cancellationToken);

    Task<Decision> RecordDecisionAsync(Caller caller, DecisionDraft draft, CancellationToken cancellationToken);

    /// <summary>Decisions the caller may see, oldest first, of one session and/or about one sector (null: any).</summary>
    Task<IReadOnlyList<Decision>> ListDecisionsAsync(Caller caller, string? sessionId, string? sectorId, CancellationToken cancellationToken);

    Task<CommissionDocument> AddDocumentAsync(Caller caller, DocumentDraft draft, DocumentContent content, CancellationToken cancellationToken);

    Task<CommissionDocument> AddDocumentVersionAsync(Caller caller, string documentId, int expectedVersion, DocumentContent content, CancellationToken cancellationToken);

    Task<CommissionDocument> ChangeDocumentPublicationAsync(Caller caller, string documentId, Publication publication, int expectedVersion, CancellationToken cancellationToken);

    Task<CommissionDocument?> GetDocumentAsync(Caller caller, string documentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<CommissionDocument>> ListDocumentsAsync(Caller caller, CancellationToken cancellationToken);

    /// <summary>One version's bytes; null when there is no such version or the caller may not see the document.</summary>
    Task<DocumentFile?> ReadDocumentVersionAsync(Caller caller, string documentId, int number, CancellationToken cancellationToken);

    // The commission's CRS registry: definitions it adds beside the built-in EPSG systems.
    Task<IReadOnlyList<Demarcate.Core.Geodesy.CommissionCrs>> ListCrsAsync(Caller caller, CancellationToken cancellationToken);

    Task<Demarcate.Core.Geodesy.CommissionCrs> AddCrsAsync(Caller caller, Demarcate.Core.Geodesy.CommissionCrs crs, CancellationToken cancellationToken);

    Task<Demarcate.Core.Geodesy.CommissionCrs> ChangeCrsAsync(Caller caller, Demarcate.Core.Geodesy.CommissionCrs crs, int expectedVersion, CancellationToken cancellationToken);

    // The pillar register: plans registered per sector, surveys, statuses, inspections, history.
    /// <summary>The pillars the caller may see, of one sector or all, in number order.</summary>
    Task<IReadOnlyList<Demarcate.Core.Demarcation.Pillar>> ListPillarsAsync(Caller caller, string? sectorId, CancellationToken cancellationToken);

    /// <summary>
    /// The pillars the caller may see whose planned position lies in the box (x = longitude, y = latitude, edges
    /// included), for the map's tiles; a delegation's draft pillars reach that delegation only, as in <see cref="ListPillarsAsync"/>.
    /// </summary>
    Task<IReadOnlyList<Demarcate.Core.Demarcation.Pillar>> ListPillarsInBoxAsync(Caller caller, Envelope box, CancellationToken cancellationToken);

    Task<Demarcate.Core.Demarcation.Pillar?> GetPillarAsync(Caller caller, string number, CancellationToken cancellationToken);

    /// <summary>Registers planned pillars, all in one transaction or none; numbers already in the register are refused.</summary>
    Task<IReadOnlyList<Demarcate.Core.Demarcation.Pillar>> RegisterPillarsAsync(Caller caller, IReadOnlyList<Demarcate.Core.Demarcation.Pillar> pillars, CancellationToken cancellationToken);

    /// <summary>Changes a pillar's type, status, survey or publication; number, sector and planned position never change.</summary>
    Task<Demarcate.Core.Demarcation.Pillar> ChangePillarAsync(Caller caller, Demarcate.Core.Demarcation.Pillar pillar, int expectedVersion, CancellationToken cancellationToken);

    /// <summary>Submits the caller's delegation's draft pillars of a sector to the commission, all in one transaction; returns those submitted.</summary>
    Task<IReadOnlyList<Demarcate.Core.Demarcation.Pillar>> SubmitPillarsAsync(Caller caller, string sectorId, CancellationToken cancellationToken);

    /// <summary>Records a survey's observations, all in one transaction or none.</summary>
    Task<IReadOnlyList<Demarcate.Core.Demarcation.Pillar>> RecordSurveyAsync(Caller caller, IReadOnlyList<Demarcate.Core.Demarcation.SurveyObservation> observations, CancellationToken cancellationToken);

    Task<Demarcate.Core.Demarcation.PillarInspection> AddInspectionAsync(Caller caller, Demarcate.Core.Demarcation.PillarInspection inspection, CancellationToken cancellationToken);

    Task<IReadOnlyList<Demarcate.Core.Demarcation.PillarInspection>> ListInspectionsAsync(Caller caller, string number, CancellationToken cancellationToken);

    /// <summary>Every change of a pillar, oldest first; empty when the caller may not see the pillar.</summary>
    Task<IReadOnlyList<Demarcate.Core.Demarcation.PillarHistoryEntry>> ListPillarHistoryAsync(Caller caller, string number, CancellationToken cancellationToken);

    /// <summary>A pillar's witness marks in mark-number order; empty when the caller may not see the pillar.</summary>
    Task<IReadOnlyList<Demarcate.Core.Demarcation.WitnessMark>> ListWitnessMarksAsync(Caller caller, string number, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the witness marks of each pillar named (the survey teams record them), all in one transaction or none;
    /// each pillar's version rises, and a version other than the one read is a conflict. Returns the pillars as they became.
    /// </summary>
    Task<IReadOnlyList<Demarcate.Core.Demarcation.Pillar>> SetWitnessMarksAsync(Caller caller, IReadOnlyList<Demarcate.Core.Demarcation.WitnessMarkSet> sets, CancellationToken cancellationToken);

    // Border incidents: reports, merges, verification, attachments, attribution.
    /// <summary>The incidents the caller may see that meet the filter, oldest first; reports merged into an incident are left out unless the filter asks.</summary>
    Task<IReadOnlyList<Demarcate.Core.Monitoring.Incident>> ListIncidentsAsync(Caller caller, Demarcate.Core.Monitoring.IncidentFilter filter, CancellationToken cancellationToken);

    Task<Demarcate.Core.Monitoring.Incident?> GetIncidentAsync(Caller caller, string incidentId, CancellationToken cancellationToken);

    /// <summary>Records reports made by the caller's party, all in one transaction or none; a source reference the party already recorded is refused.</summary>
    Task<IReadOnlyList<Demarcate.Core.Monitoring.Incident>> ReportIncidentsAsync(Caller caller, IReadOnlyList<Demarcate.Core.Monitoring.Incident> reports, CancellationToken cancellationToken);

    Task<Demarcate.Core.Monitoring.Incident> SubmitIncidentAsync(Caller caller, string incidentId, int expectedVersion, CancellationToken cancellationToken);

    Task<Demarcate.Core.Monitoring.Incident> VerifyIncidentAsync(Caller caller, string incidentId, Demarcate.Core.Monitoring.VerificationStatus status, int expectedVersion, CancellationToken cancellationToken);

    /// <summary>Merges reports of one event into a new incident; the reports are kept, marked merged, so the merge can be undone.</summary>
    Task<Demarcate.Core.Monitoring.Incident> MergeIncidentsAsync(Caller caller, IReadOnlyList<string> reportIds, CancellationToken cancellationToken);

    /// <summary>Undoes a merge and returns the reports, restored as they were.</summary>
    Task<IReadOnlyList<Demarcate.Core.Monitoring.Incident>> UnmergeIncidentAsync(Caller caller, string incidentId, int expectedVersion, CancellationToken cancellationToken);

    Task AttachToIncidentAsync(Caller caller, string incidentId, Demarcate.Core.Monitoring.IncidentAttachment attachment, CancellationToken cancellationToken);

    Task<IReadOnlyList<Demarcate.Core.Monitoring.IncidentAttachment>> ListIncidentAttachmentsAsync(Caller caller, string incidentId, CancellationToken cancellationToken);

    /// <summary>Every change of an incident, oldest first; empty when the caller may not see it.</summary>
    Task<IReadOnlyList<IncidentHistoryEntry>> ListIncidentHistoryAsync(Caller caller, string incidentId, CancellationToken cancellationToken);

    /// <summary>Writes attribution results (sector, distance, side, reference line), all in one transaction.</summary>
    Task<int> RecordAttributionsAsync(Caller caller, IReadOnlyList<Demarcate.Core.Monitoring.IncidentAttributionRow> rows, CancellationToken cancellationToken);
    // The agreements register: agreements with their provisions, and the append-only assessments of their implementation.
    /// <summary>Every agreement with its provisions, in the order signed; empty for a caller who is not a commission member.</summary>
    Task<IReadOnlyList<Demarcate.Core.Agreements.Agreement>> ListAgreementsAsync(Caller caller, CancellationToken cancellationToken);

    Task<Demarcate.Core.Agreements.Agreement?> GetAgreementAsync(Caller caller, string agreementId, CancellationToken cancellationToken);

    Task<Demarcate.Core.Agreements.Agreement> AddAgreementAsync(Caller caller, Demarcate.Core.Agreements.Agreement agreement, CancellationToken cancellationToken);

    /// <summary>Appends an assessment of a provision's implementation (its new status); earlier ones stay as history.</summary>
    Task<Demarcate.Core.Agreements.StatusAssessment> RecordAssessmentAsync(Caller caller, Demarcate.Core.Agreements.StatusAssessment assessment, CancellationToken cancellationToken);

    /// <summary>Revises a provision's text at the version read (stale: <see cref="VersionConflictException"/>); the replaced text is kept.</summary>
    Task<Demarcate.Core.Agreements.Provision> ReviseProvisionAsync(Caller caller, string agreementId, Demarcate.Core.Agreements.Provision revised, int expectedVersion, CancellationToken cancellationToken);

    /// <summary>The earlier texts of an agreement's provisions, oldest first per provision; empty for a caller who may not read the register.</summary>
    Task<IReadOnlyList<Demarcate.Core.Agreements.ProvisionRevision>> ListProvisionRevisionsAsync(Caller caller, string agreementId, CancellationToken cancellationToken);

    /// <summary>The assessments of one agreement (null: all), in the order recorded.</summary>
    Task<IReadOnlyList<Demarcate.Core.Agreements.StatusAssessment>> ListAssessmentsAsync(Caller caller, string? agreementId, CancellationToken cancellationToken);

    // The transport-links task force: actions with routes, a delegation's own until submitted, with their history.
    Task<IReadOnlyList<Demarcate.Core.TransportLinks.TaskForceAction>> ListActionsAsync(Caller caller, CancellationToken cancellationToken);

    Task<Demarcate.Core.TransportLinks.TaskForceAction?> GetActionAsync(Caller caller, string actionId, CancellationToken cancellationToken);

    Task<Demarcate.Core.TransportLinks.TaskForceAction> AddActionAsync(Caller caller, Demarcate.Core.TransportLinks.TaskForceAction action, CancellationToken cancellationToken);

    /// <summary>Revises, submits, publishes or moves the status of an action; id and owner never change.</summary>
    Task<Demarcate.Core.TransportLinks.TaskForceAction> ChangeActionAsync(Caller caller, Demarcate.Core.TransportLinks.TaskForceAction action, int expectedVersion, CancellationToken cancellationToken);

    /// <summary>Every change of an action, oldest first; empty when the caller may not see the action.</summary>
    Task<IReadOnlyList<Demarcate.Core.TransportLinks.ActionHistoryEntry>> ListActionHistoryAsync(Caller caller, string actionId, CancellationToken cancellationToken);
    // Humanitarian cases: personal fields sealed under per-case keys wrapped by a key kept outside the store.
    /// <summary>Names the file of the key-encryption key of humanitarian cases (loaded, or created, on first use).</summary>
    void UseHumanitarianKeyFile(string path);

    /// <summary>Opens a case for a party's national: the record, its sealed particulars and the first step of its history.</summary>
    Task<Demarcate.Core.Humanitarian.CaseRecord> AddHumanitarianCaseAsync(Caller caller, Demarcate.Core.Humanitarian.CaseKind kind, PartyCode party, DateOnly reportedOn, Demarcate.Core.Humanitarian.PersonalParticulars person, CancellationToken cancellationToken);

    /// <summary>The cases the caller may see, without their personal fields; empty for anyone but the officers concerned.</summary>
    Task<IReadOnlyList<Demarcate.Core.Humanitarian.CaseRecord>> ListHumanitarianCasesAsync(Caller caller, CancellationToken cancellationToken);

    /// <summary>Opens one case with its personal fields and history; the read itself is journaled (who, when, which case).</summary>
    Task<Demarcate.Core.Humanitarian.HumanitarianCase> ReadHumanitarianCaseAsync(Caller caller, string caseId, CancellationToken cancellationToken);

    Task<Demarcate.Core.Humanitarian.CaseRecord> ChangeHumanitarianStatusAsync(Caller caller, string caseId, Demarcate.Core.Humanitarian.CaseStatus status, int expectedVersion, CancellationToken cancellationToken);

    /// <summary>Records an exchange; every case in it moves to exchanged or handed over in the same transaction.</summary>
    Task<Demarcate.Core.Humanitarian.CaseExchange> RecordExchangeAsync(Caller caller, Demarcate.Core.Humanitarian.CaseExchange exchange, CancellationToken cancellationToken);

    /// <summary>Counts of cases by kind, party and status, for every signed-in caller; a count from 1 to below <paramref name="disclosureThreshold"/> of cases the caller may not see is withheld.</summary>
    Task<Demarcate.Core.Humanitarian.CaseFigures> SummariseHumanitarianCasesAsync(Caller caller, int disclosureThreshold, CancellationToken cancellationToken);

    /// <summary>The exchanges in which the caller may see a case, each naming only those cases, in the order held; empty for anyone else.</summary>
    Task<IReadOnlyList<Demarcate.Core.Humanitarian.CaseExchange>> ListHumanitarianExchangesAsync(Caller caller, CancellationToken cancellationToken);

    /// <summary>One exchange with the cases the caller may see; an exchange with none answers <see cref="RecordNotFoundException"/> like a missing one.</summary>
    Task<Demarcate.Core.Humanitarian.CaseExchange> GetHumanitarianExchangeAsync(Caller caller, string exchangeId, CancellationToken cancellationToken);

    /// <summary>Destroys a case's key: the person can no longer be recovered; record, history and journal remain.</summary>
    Task<Demarcate.Core.Humanitarian.CaseRecord> EraseHumanitarianCaseAsync(Caller caller, string caseId, CancellationToken cancellationToken);

    /// <summary>
    /// The escalation monitor's input as the caller sees the record: one row per visible, attributed incident (not a merged
    /// report) on its sector and date, with its severity; and the first day of any incident the caller sees (recording began).
    /// </summary>
    Task<SectorDailyCounts> ListSectorDailyCountsAsync(Caller caller, CancellationToken cancellationToken);

    /// <summary>
    /// Attributes the incidents the caller sees (all, or the ids given) to the nearest sector of the line in force, with distance and
    /// side, or measured against a named reference line; records it in one transaction (see RelationalStore.AttributeIncidentsAsync).
    /// </summary>
    Task<AttributionRun> AttributeIncidentsAsync(Caller caller, string? referenceLineId, double maxDistanceMetres, IReadOnlyCollection<string>? incidentIds, CancellationToken cancellationToken);

    // Accounts, keys and tokens.
    Task<StoredAccount?> FindAccountAsync(string userName, CancellationToken cancellationToken);

    Task<StoredAccount?> GetAccountAsync(string accountId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Account>> ListAccountsAsync(Caller caller, CancellationToken cancellationToken);

    Task CreateAccountAsync(Caller caller, Account account, string passwordHash, WrappedSigningKey signingKey, CancellationToken cancellationToken);

    Task RecordSignInAsync(string accountId, bool succeeded, CancellationToken cancellationToken);

    /// <summary>Replaces a weaker password hash with one at today's iteration count, unless the hash changed meanwhile.</summary>
    Task UpgradePasswordHashAsync(string accountId, string oldHash, string newHash, CancellationToken cancellationToken);

    Task ResetPasswordAsync(Caller caller, string accountId, string passwordHash, WrappedSigningKey newKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<WrappedSigningKey>> ListSigningKeysAsync(string accountId, CancellationToken cancellationToken);

    Task AddApiTokenAsync(Caller caller, StoredApiToken token, CancellationToken cancellationToken);

    Task<StoredApiToken?> FindApiTokenAsync(string tokenId, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredApiToken>> ListApiTokensAsync(Caller caller, CancellationToken cancellationToken);

    Task RevokeApiTokenAsync(Caller caller, string tokenId, CancellationToken cancellationToken);

    // The journal.
    string? JournalSignerId { get; }

    Task UseJournalKeyAsync(System.Security.Cryptography.ECDsa key, CancellationToken cancellationToken);

    // Reference layers: settlements, roads, railways, rivers the commission keeps; seen by its members, kept by its editors.
    Task<IReadOnlyList<Demarcate.Core.ReferenceLayers.ReferenceLayer>> ListReferenceLayersAsync(Caller caller, CancellationToken cancellationToken);

    Task<Demarcate.Core.ReferenceLayers.ReferenceLayer?> GetReferenceLayerAsync(Caller caller, string layerId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Demarcate.Core.Analysis.LayerFeature>> ReadReferenceFeaturesAsync(Caller caller, string layerId, Envelope? bbox, CancellationToken cancellationToken);

    /// <summary>Loads a new layer (<paramref name="replacing"/> null) or replaces the named version of one, in one transaction.</summary>
    Task<Demarcate.Core.ReferenceLayers.ReferenceLayer> LoadReferenceLayerAsync(Caller caller, Demarcate.Core.ReferenceLayers.ReferenceLayer layer, IReadOnlyList<Demarcate.Core.Analysis.LayerFeature> features, int? replacing, CancellationToken cancellationToken);

    Task<bool> DeleteReferenceLayerAsync(Caller caller, string layerId, int expectedVersion, CancellationToken cancellationToken);

    IAsyncEnumerable<JournalEntry> ReadJournalAsync(CancellationToken cancellationToken);

    Task<JournalEntry?> GetJournalHeadAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<SignedHead>> ListSignedHeadsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, byte[]>> ListJournalKeysAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A sector as the commission sees it on the line in force: its geometry cut from that line, its
/// geodesic length along the line and across bridged gaps.
/// </summary>
/// <summary>Per-sector daily incident rows for the escalation monitor, and the first day of the record the caller sees (null: no incidents).</summary>
public sealed record SectorDailyCounts(IReadOnlyList<Demarcate.Core.Monitoring.SectorDailyCount> Rows, DateOnly? ObservedFrom);

public sealed record SectorOnLine(Sector Sector, string? LineId, MultiLineString? Geometry, double LengthMetres, double GapLengthMetres);

/// <summary>Everything that defines a boundary for the commission, written to a store at once.</summary>
public sealed record BoundaryDataset(
    Commission Commission,
    IReadOnlyList<Section> Sections,
    IReadOnlyList<CartographicSource> Sources,
    IReadOnlyList<BoundaryLine> Lines,
    IReadOnlyList<BreakPoint> BreakPoints,
    IReadOnlyList<SectorOnLine> Sectors);

/// <summary>One version of a document with its bytes, as a reader downloads it.</summary>
public sealed record DocumentFile(DocumentVersion Version, ReadOnlyMemory<byte> Bytes);

using System.CommandLine;
using System.Globalization;
using Demarcate.Core;
using Demarcate.Core.Boundaries;
using Demarcate.Core.Proceedings;
using Demarcate.Core.Trust;
using Demarcate.Formats.GeoJson;
using Demarcate.Storage;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Demarcate.Cli;

/// <summary>
/// The commission's proceedings on the command line: <c>proposals</c>, <c>sessions</c> and <c>documents</c>.
/// Each acts as the account named by <c>--user</c> (its password from <c>--password-file</c> or asked
/// for), and sees and may do exactly what that account sees and may do in the web application; without
/// <c>--user</c> a command reads as an anonymous visitor (published records only).
/// </summary>
internal static class ProceedingsCommands
{
    internal static readonly Option<string?> UserOption = new("--user") { Description = "Act as this account (a delegation member or the mediator's adviser); without it, read as an anonymous visitor." };

    internal static readonly Option<string?> PasswordFileOption = TrustCommands.PasswordFileOption("The password of --user, read from this file (one line). Without it the password is asked for (or read from standard input).");

    private static readonly Option<int> VersionOption = new("--version") { Description = "The version of the record you read (shown by list/show); a stale version is refused.", Required = true };

    public static Command Proposals()
    {
        var command = new Command("proposals", "Proposals and counter-proposals for a sector's line: a delegation's draft until submitted.");
        command.Subcommands.Add(ListProposals());
        command.Subcommands.Add(DraftProposal());
        command.Subcommands.Add(ProposalStep("submit", "Put your delegation's draft proposal before the commission (its draft lines go with it).", (s, c, id, v, t) => s.SubmitProposalAsync(c, id, v, t)));
        command.Subcommands.Add(ProposalStep("withdraw", "Withdraw your delegation's proposal; it stays in the thread, marked withdrawn.", (s, c, id, v, t) => s.WithdrawProposalAsync(c, id, v, t)));
        return command;
    }

    public static Command Sessions()
    {
        var command = new Command("sessions", "Sessions of the commission, their agenda and the decisions taken at them.");
        command.Subcommands.Add(ListSessions());
        command.Subcommands.Add(PlanSession());
        command.Subcommands.Add(MarkHeld());
        command.Subcommands.Add(Decide());
        return command;
    }

    public static Command Documents()
    {
        var command = new Command("documents", "The commission's documents (minutes, protocols, …) and their versions.");
        command.Subcommands.Add(ListDocuments());
        command.Subcommands.Add(AddDocument());
        command.Subcommands.Add(AddDocumentVersion());
        command.Subcommands.Add(GetDocumentVersion());
        command.Subcommands.Add(DocumentStep("submit", Publication.Submitted, "Put your party's draft document before the commission."));
        command.Subcommands.Add(DocumentStep("publish", Publication.Published, "Publish a submitted document to anyone (co-chairs and the mediator's advisers)."));
        return command;
    }

    // ---- proposals ----

    private static Command ListProposals()
    {
        var sector = new Option<string>("--sector") { Description = "The sector, e.g. M-07.", Required = true };
        var command = NewCommand("list", "List a sector's proposals as a thread: id, version, owner, publication, what it answers, title.", sector);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await OpenAsync(parse, write: false, cancellationToken);
            await using var _ = store;
            Console.WriteLine("proposal\tversion\towner\tpublication\tanswers\tlines\ttitle");
            foreach (var p in await store.ListProposalsAsync(caller, parse.GetValue(sector)!, cancellationToken))
            {
                var publication = p.IsWithdrawn ? p.Publication + " (withdrawn)" : p.Publication.ToString();
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{p.Id}\t{p.Version}\t{p.Owner}\t{publication}\t{p.AnswersId ?? "-"}\t{string.Join(",", p.LineIds)}\t{OneLine(p.Title)}"));
            }

            return 0;
        });
        return command;
    }

    private static Command DraftProposal()
    {
        var sector = new Option<string>("--sector") { Description = "The sector the proposal is for, e.g. M-07.", Required = true };
        var title = new Option<string>("--title") { Description = "A short title.", Required = true };
        var text = new Option<string?>("--text") { Description = "The proposal's text and rationale." };
        var textFile = new Option<string?>("--text-file") { Description = "Read the text and rationale from this file instead." };
        var lines = new Option<string[]>("--line") { Description = "A line put forward (its id); repeat for several.", DefaultValueFactory = _ => [] };
        var geometry = new Option<string?>("--geometry") { Description = "A GeoJSON file with one (Multi)LineString feature in WGS 84: a line drawn for the proposal." };
        var answers = new Option<string?>("--answers") { Description = "The submitted proposal on the same sector this one counters." };
        var command = NewCommand("draft", "Draft a proposal for a sector as your delegation (visible to it only until submitted).", sector, title, text, textFile, lines, geometry, answers);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var body = parse.GetValue(textFile) is { } file ? await TrustCommands.ReadTextAsync(file, "the proposal's text", cancellationToken) : parse.GetValue(text);
            var drawn = parse.GetValue(geometry) is { } geojson ? await ReadLineAsync(geojson, cancellationToken) : null;
            var (store, caller) = await OpenAsync(parse, write: true, cancellationToken);
            await using var _ = store;
            var proposal = await store.DraftProposalAsync(
                caller,
                new ProposalDraft(parse.GetValue(sector)!, parse.GetValue(title)!, body ?? "") { LineIds = parse.GetValue(lines)!, Geometry = drawn, AnswersId = parse.GetValue(answers) },
                cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Drafted proposal {proposal.Id} (version {proposal.Version}) for sector {proposal.SectorId}; only {proposal.Owner} sees it until you submit it."));
            return 0;
        });
        return command;
    }

    private static Command ProposalStep(string name, string description, Func<ICommissionStore, Caller, string, int, CancellationToken, Task<Proposal>> step)
    {
        var id = new Argument<string>("proposal") { Description = "The proposal's id." };
        var command = NewCommand(name, description, VersionOption);
        command.Arguments.Add(id);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await OpenAsync(parse, write: true, cancellationToken);
            await using var _ = store;
            var proposal = await step(store, caller, parse.GetValue(id)!, parse.GetValue(VersionOption), cancellationToken);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Proposal {proposal.Id} is now {proposal.Publication.ToString().ToLowerInvariant()}{(proposal.IsWithdrawn ? ", withdrawn" : "")} (version {proposal.Version})."));
            return 0;
        });
        return command;
    }

    private static async Task<MultiLineString> ReadLineAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = OpenFile(file);
        var read = await GeoJsonReader.ReadAllAsync(stream, file, cancellationToken);
        if (!read.Success)
        {
            throw new CommandRefusalException(read.Problems[0].ToString());
        }

        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
        return read.Value.Count != 1 ? throw new CommandRefusalException($"{file}: give exactly one feature, not {read.Value.Count}")
            : read.Value[0].Geometry switch
            {
                MultiLineString m => m,
                LineString l => factory.CreateMultiLineString([l]),
                _ => throw new CommandRefusalException($"{file}: the feature's geometry must be a LineString or MultiLineString"),
            };
    }

    // ---- sessions ----

    private static Command ListSessions()
    {
        var decisions = new Option<bool>("--decisions") { Description = "Also list each session's agenda and decisions." };
        var command = NewCommand("list", "List the commission's sessions (commission members only): id, version, date, place, status.", decisions);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await OpenAsync(parse, write: false, cancellationToken);
            await using var _ = store;
            Console.WriteLine("session\tversion\tdate\tplace\tstatus\tparticipants");
            foreach (var s in await store.ListSessionsAsync(caller, cancellationToken))
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{s.Id}\t{s.Version}\t{s.Date:yyyy-MM-dd}\t{OneLine(s.Place)}\t{s.Status}\t{s.Participants.Count}"));
                if (parse.GetValue(decisions))
                {
                    for (var i = 0; i < s.Agenda.Count; i++)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  agenda {i + 1}. {OneLine(s.Agenda[i].Title)} [{string.Join(",", s.Agenda[i].SectorIds)}]"));
                    }

                    foreach (var d in await store.ListDecisionsAsync(caller, s.Id, null, cancellationToken))
                    {
                        Console.WriteLine($"  decision {d.Id} [{string.Join(",", d.SectorIds)}]{(d.NewStatus is { } to ? " → " + SectorWorkflow.Describe(to) : "")}: {OneLine(d.Text)}");
                    }
                }
            }

            return 0;
        });
        return command;
    }

    private static Command PlanSession()
    {
        var date = new Option<string>("--date") { Description = "The day, as YYYY-MM-DD.", Required = true };
        var place = new Option<string>("--place") { Description = "Where the session meets.", Required = true };
        var participants = new Option<string[]>("--participant")
        {
            Description = "\"Name|PARTY|account-id\" (party and account optional, e.g. \"Anna Petrosyan|AM\"); repeat for several.",
            DefaultValueFactory = _ => [],
        };
        var agenda = new Option<string[]>("--agenda")
        {
            Description = "\"Title|M-01,M-02\" (sectors optional); repeat, in the order the items are taken.",
            DefaultValueFactory = _ => [],
        };
        var command = NewCommand("plan", "Plan a session (co-chairs and the mediator's advisers).", date, place, participants, agenda);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            if (!DateOnly.TryParseExact(parse.GetValue(date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw new CommandRefusalException($"--date '{parse.GetValue(date)}': give the day as YYYY-MM-DD.");
            }

            var draft = new SessionDraft(day, parse.GetValue(place)!)
            {
                Participants = [.. parse.GetValue(participants)!.Select(ParseParticipant)],
                Agenda = [.. parse.GetValue(agenda)!.Select(ParseAgendaItem)],
            };
            var (store, caller) = await OpenAsync(parse, write: true, cancellationToken);
            await using var _ = store;
            var session = await store.PlanSessionAsync(caller, draft, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Planned session {session.Id} (version {session.Version}) on {session.Date:yyyy-MM-dd} at {session.Place}."));
            return 0;
        });
        return command;
    }

    private static Command MarkHeld()
    {
        var id = new Argument<string>("session") { Description = "The session's id." };
        var command = NewCommand("held", "Record that a planned session took place, so decisions can be recorded at it.", VersionOption);
        command.Arguments.Add(id);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await OpenAsync(parse, write: true, cancellationToken);
            await using var _ = store;
            var session = await store.GetSessionAsync(caller, parse.GetValue(id)!, cancellationToken) ?? throw new RecordNotFoundException("session", parse.GetValue(id)!);
            var held = await store.ReviseSessionAsync(
                caller,
                session.Id,
                parse.GetValue(VersionOption),
                new SessionDraft(session.Date, session.Place) { Status = SessionStatus.Held, Participants = session.Participants, Agenda = session.Agenda },
                cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Session {held.Id} is held (version {held.Version})."));
            return 0;
        });
        return command;
    }

    private static Command Decide()
    {
        var id = new Argument<string>("session") { Description = "The held session the decision is taken at." };
        var sectors = new Option<string[]>("--sector") { Description = "A sector the decision is about; repeat for several.", Required = true };
        var text = new Option<string>("--text") { Description = "The decision's text.", Required = true };
        var proposal = new Option<string?>("--proposal") { Description = "The submitted proposal the decision is on." };
        var status = new Option<string?>("--status") { Description = "Move the sectors to this status through the workflow (UnderDiscussion, AgreedInPrinciple, …)." };
        var versions = new Option<string[]>("--sector-version")
        {
            Description = "\"M-01=3\": the version of a sector you read; with --status, every sector needs one.",
            DefaultValueFactory = _ => [],
        };
        var command = NewCommand("decide", "Record a decision at a held session (co-chairs and the mediator's advisers), optionally moving its sectors.", sectors, text, proposal, status, versions);
        command.Arguments.Add(id);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            SectorStatus? to = null;
            if (parse.GetValue(status) is { } named)
            {
                to = Enum.TryParse<SectorStatus>(named, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw new CommandRefusalException($"--status '{named}': one of {string.Join(", ", Enum.GetNames<SectorStatus>())}.");
            }

            var read = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(versions)!)
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                {
                    throw new CommandRefusalException($"--sector-version '{pair}': write SECTOR=VERSION, e.g. M-01=3.");
                }

                read[parts[0].Trim()] = version;
            }

            var (store, caller) = await OpenAsync(parse, write: true, cancellationToken);
            await using var _ = store;
            var decision = await store.RecordDecisionAsync(
                caller,
                new DecisionDraft(parse.GetValue(id)!, parse.GetValue(sectors)!, parse.GetValue(text)!) { ProposalId = parse.GetValue(proposal), NewStatus = to, SectorVersions = read },
                cancellationToken);
            Console.WriteLine($"Recorded decision {decision.Id} on {string.Join(", ", decision.SectorIds)}{(to is { } s ? "; sectors now " + SectorWorkflow.Describe(s) : "")}.");
            return 0;
        });
        return command;
    }

    private static Participant ParseParticipant(string text)
    {
        var parts = text.Split('|');
        if (parts.Length > 3 || string.IsNullOrWhiteSpace(parts[0]))
        {
            throw new CommandRefusalException($"--participant '{text}': write \"Name|PARTY|account-id\" (party and account optional).");
        }

        string? Part(int i) => parts.Length > i && !string.IsNullOrWhiteSpace(parts[i]) ? parts[i].Trim() : null;
        return new Participant(parts[0].Trim(), Part(1) is { } party ? new PartyCode(party.ToUpperInvariant()) : null, Part(2));
    }

    private static AgendaItem ParseAgendaItem(string text)
    {
        var parts = text.Split('|');
        return parts.Length > 2
            ? throw new CommandRefusalException($"--agenda '{text}': write \"Title|M-01,M-02\" (sectors optional).")
            : new AgendaItem(parts[0].Trim(), parts.Length == 2 ? [.. parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : []);
    }

    // ---- documents ----

    private static Command ListDocuments()
    {
        var command = NewCommand("list", "List the documents you may see: id, version, kind, owner, publication, versions, title.");
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await OpenAsync(parse, write: false, cancellationToken);
            await using var _ = store;
            Console.WriteLine("document\tversion\tkind\towner\tpublication\tversions\ttitle");
            foreach (var d in await store.ListDocumentsAsync(caller, cancellationToken))
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{d.Id}\t{d.Version}\t{d.Kind}\t{d.Owner}\t{d.Publication}\t{d.Versions.Count}\t{OneLine(d.Title)}"));
                foreach (var v in d.Versions)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  v{v.Number}\t{v.ContentType}\t{v.Length} bytes\tsha256 {v.Sha256}\t{v.AddedBy}\t{v.AddedAt:yyyy-MM-dd HH:mm}Z"));
                }
            }

            return 0;
        });
        return command;
    }

    private static readonly Option<string> FileOption = new("--file") { Description = "The file to store as the document's content.", Required = true };

    private static readonly Option<string?> ContentTypeOption = new("--content-type") { Description = "The file's media type (default: from its extension, e.g. application/pdf)." };

    private static Command AddDocument()
    {
        var kind = new Option<string>("--kind") { Description = $"One of {string.Join(", ", Enum.GetNames<DocumentKind>())}.", Required = true };
        var title = new Option<string>("--title") { Description = "The document's title.", Required = true };
        var session = new Option<string?>("--session") { Description = "The session the document belongs to." };
        var sectors = new Option<string[]>("--sector") { Description = "A sector the document is about; repeat for several.", DefaultValueFactory = _ => [] };
        var command = NewCommand("add", "Add a document with its first version, as your party's draft.", kind, title, session, sectors, FileOption, ContentTypeOption);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var documentKind = Enum.TryParse<DocumentKind>(parse.GetValue(kind), ignoreCase: true, out var k) && Enum.IsDefined(k)
                ? k
                : throw new CommandRefusalException($"--kind '{parse.GetValue(kind)}': one of {string.Join(", ", Enum.GetNames<DocumentKind>())}.");
            var content = await ReadContentAsync(parse, cancellationToken);
            var (store, caller) = await OpenAsync(parse, write: true, cancellationToken);
            await using var _ = store;
            var document = await store.AddDocumentAsync(
                caller,
                new DocumentDraft(documentKind, parse.GetValue(title)!) { SessionId = parse.GetValue(session), SectorIds = parse.GetValue(sectors)! },
                content,
                cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Added document {document.Id} (version {document.Version}); v1 sha256 {document.Versions[0].Sha256}."));
            return 0;
        });
        return command;
    }

    private static Command AddDocumentVersion()
    {
        var id = new Argument<string>("document") { Description = "The document's id." };
        var command = NewCommand("add-version", "Add a new version of a document's content (earlier versions stay).", FileOption, ContentTypeOption, VersionOption);
        command.Arguments.Add(id);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var content = await ReadContentAsync(parse, cancellationToken);
            var (store, caller) = await OpenAsync(parse, write: true, cancellationToken);
            await using var _ = store;
            var document = await store.AddDocumentVersionAsync(caller, parse.GetValue(id)!, parse.GetValue(VersionOption), content, cancellationToken);
            var added = document.Versions[^1];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Added v{added.Number} of document {document.Id} (document version {document.Version}); sha256 {added.Sha256}."));
            return 0;
        });
        return command;
    }

    private static Command GetDocumentVersion()
    {
        var id = new Argument<string>("document") { Description = "The document's id." };
        var number = new Option<int?>("--number") { Description = "Which version (default: the latest)." };
        var output = new Option<string>("--out") { Description = "The file to write (must not exist).", Required = true };
        var command = NewCommand("get", "Write one version of a document to a file and show its SHA-256.", number, output);
        command.Arguments.Add(id);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var target = Path.GetFullPath(parse.GetValue(output)!);
            if (File.Exists(target))
            {
                throw new CommandRefusalException($"{target}: already exists; choose another --out.");
            }

            var (store, caller) = await OpenAsync(parse, write: false, cancellationToken);
            await using var _ = store;
            var documentId = parse.GetValue(id)!;
            var document = await store.GetDocumentAsync(caller, documentId, cancellationToken) ?? throw new RecordNotFoundException("document", documentId);
            var wanted = parse.GetValue(number) ?? document.Versions[^1].Number;
            var file = await store.ReadDocumentVersionAsync(caller, documentId, wanted, cancellationToken)
                ?? throw new RecordNotFoundException("document version", $"{documentId}@{wanted}");
            await File.WriteAllBytesAsync(target, file.Bytes.ToArray(), cancellationToken);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Wrote v{wanted} of document {documentId} ({file.Version.ContentType}, {file.Version.Length} bytes, sha256 {file.Version.Sha256}) to {target}."));
            return 0;
        });
        return command;
    }

    private static Command DocumentStep(string name, Publication publication, string description)
    {
        var id = new Argument<string>("document") { Description = "The document's id." };
        var command = NewCommand(name, description, VersionOption);
        command.Arguments.Add(id);
        TrustCommands.SetAction(command, async (parse, cancellationToken) =>
        {
            var (store, caller) = await OpenAsync(parse, write: true, cancellationToken);
            await using var _ = store;
            var document = await store.ChangeDocumentPublicationAsync(caller, parse.GetValue(id)!, publication, parse.GetValue(VersionOption), cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Document {document.Id} is now {document.Publication.ToString().ToLowerInvariant()} (version {document.Version})."));
            return 0;
        });
        return command;
    }

    private static async Task<DocumentContent> ReadContentAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var file = parse.GetValue(FileOption)!;
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(file, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandRefusalException($"{file}: cannot read the document ({e.Message})", e);
        }

        return new DocumentContent(parse.GetValue(ContentTypeOption) ?? ContentTypeOf(file), bytes);
    }

    private static string ContentTypeOf(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".txt" => "text/plain; charset=utf-8",
        ".md" => "text/markdown; charset=utf-8",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".odt" => "application/vnd.oasis.opendocument.text",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".tif" or ".tiff" => "image/tiff",
        ".geojson" => "application/geo+json",
        ".gpkg" => "application/geopackage+sqlite3",
        _ => "application/octet-stream",
    };

    // ---- shared ----

    internal static Command NewCommand(string name, string description, params Option[] options)
    {
        var command = new Command(name, description) { DemarcateCommand.StoreOption, DemarcateCommand.DatabaseOption, DemarcateCommand.JournalKeyOption, UserOption, PasswordFileOption };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        return command;
    }

    /// <summary>Opens the store and signs the user in: the same answer, after the same work, for a wrong user name or password.</summary>
    internal static async Task<(ICommissionStore Store, Caller Caller)> OpenAsync(ParseResult parse, bool write, CancellationToken cancellationToken)
    {
        var location = DemarcateCommand.StoreLocation(parse);
        TrustCommands.RequireExistingStore(location);
        var userName = parse.GetValue(UserOption);
        if (userName is null && write)
        {
            throw new CommandRefusalException("--user: changes are made as an account; give your user name.");
        }

        var password = userName is null ? null
            : parse.GetValue(PasswordFileOption) is { } file ? await TrustCommands.ReadPasswordFileAsync(file, cancellationToken)
            : TrustCommands.ReadPasswordFromConsole(userName);
        var store = write
            ? await CommissionStores.OpenForWritingAsync(location, parse.GetValue(DemarcateCommand.JournalKeyOption), cancellationToken)
            : await CommissionStores.OpenAsync(location, cancellationToken);
        if (userName is null)
        {
            return (store, Caller.Anonymous);
        }

        try
        {
            var stored = await store.FindAccountAsync(userName, cancellationToken);
            if (TrustCommands.Hasher().Verify(password, stored?.PasswordHash) == PasswordCheck.Failed || stored is null || stored.Disabled)
            {
                throw new CommandRefusalException("wrong user name or password; nothing done.");
            }

            return (store, Caller.For(stored.Account));
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    private static FileStream OpenFile(string file)
    {
        try
        {
            return File.OpenRead(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandRefusalException($"{file}: cannot read it ({e.Message})", e);
        }
    }

    /// <summary>Text from the record goes to the terminal on one line, control characters shown as '?', so no stored text can move the cursor or forge output lines.</summary>
    private static string OneLine(string text) => new([.. text.Select(c => char.IsControl(c) ? '?' : c)]);
}

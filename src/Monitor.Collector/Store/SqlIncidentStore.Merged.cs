using System.Data.Common;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Store;

/// <summary>Merged incidents and on-call actions.</summary>
public abstract partial class SqlIncidentStore
{
    private readonly DecodedRevisions _decoded = new();

    private static readonly Dictionary<OperatorActionKind, string> ActionWords = new()
    {
        [OperatorActionKind.Acknowledged] = "acknowledged",
        [OperatorActionKind.Resolved] = "resolved",
        [OperatorActionKind.Note] = "note",
        [OperatorActionKind.UserNoticePosted] = "user-notice-posted",
        [OperatorActionKind.RegulatorReported] = "regulator-reported",
        [OperatorActionKind.DetailedReportFiled] = "detailed-report-filed",
        [OperatorActionKind.AlertSent] = "alert-sent",
        [OperatorActionKind.AlertResolved] = "alert-resolved",
    };

    /// <inheritdoc />
    public async Task<IReadOnlyList<MergedIncidentRecord>> ListMergedIncidentsAsync(int limit, CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            """
            SELECT m.merged_id, m.site, m.root_entity, m.root_kind FROM merged_incidents m
            ORDER BY CASE WHEN EXISTS (SELECT 1 FROM incidents i WHERE i.merged_id = m.merged_id AND i.resolved_at IS NULL) THEN 0 ELSE 1 END,
                     m.opened_at DESC, m.merged_id
            LIMIT @limit
            """,
            ("limit", (long)limit));
        var heads = await ReadHeadsAsync(command, cancellationToken);
        var records = new List<MergedIncidentRecord>(heads.Count);
        foreach (var head in heads)
        {
            records.Add(await CompleteAsync(connection, head, cancellationToken));
        }

        return records;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AlertCandidate>> ListAlertCandidatesAsync(CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            """
            SELECT m.merged_id, (SELECT MIN(r.agent_id) FROM revisions r WHERE r.incident_id = m.merged_id) FROM merged_incidents m
            LEFT JOIN alert_states a ON a.merged_id = m.merged_id
            WHERE a.merged_id IS NULL OR a.firing = 1
               OR EXISTS (SELECT 1 FROM incidents i WHERE i.merged_id = m.merged_id AND i.resolved_at IS NULL)
            ORDER BY m.opened_at, m.merged_id
            """);
        var candidates = new List<AlertCandidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            candidates.Add(new AlertCandidate(reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1)));
        }

        return candidates;
    }

    /// <inheritdoc />
    public async Task<MergedIncidentRecord?> GetMergedIncidentAsync(string id, CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            """
            SELECT merged_id, site, root_entity, root_kind FROM merged_incidents
            WHERE merged_id = @id OR merged_id = (SELECT merged_id FROM incidents WHERE incident_id = @id)
            """,
            ("id", id));
        var heads = await ReadHeadsAsync(command, cancellationToken);
        return heads.Count == 0 ? null : await CompleteAsync(connection, heads[0], cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> AddActionAsync(string mergedId, OperatorAction action, CancellationToken cancellationToken) =>
        WritingAsync(() => AddActionCoreAsync(mergedId, action, cancellationToken));

    private async Task<bool> AddActionCoreAsync(string mergedId, OperatorAction action, CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var write = new Write(connection, transaction, cancellationToken);
        if (await write.ScalarAsync("SELECT merged_id FROM merged_incidents WHERE merged_id = @id", ("id", mergedId)) is not string)
        {
            return false;
        }

        await InsertActionAsync(write, mergedId, action);
        await NotifyAsync(connection, transaction, new StoredChange(StoredChangeKind.Action, [mergedId]), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static Task InsertActionAsync(Write write, string mergedId, OperatorAction action) =>
        write.ExecuteAsync(
            "INSERT INTO incident_actions (merged_id, kind, actor, text, at) VALUES (@id, @kind, @actor, @text, @at)",
            ("id", mergedId),
            ("kind", ActionWords[action.Kind]),
            ("actor", action.Actor),
            ("text", action.Text),
            ("at", StoredTime.Of(action.At)));

    /// <summary>
    /// The newest revision of each agent incident in merged incident <paramref name="mergedId"/>,
    /// oldest onset first: which revisions they are is read every time, their payloads only when
    /// a new one was stored since the last read (<see cref="DecodedRevisions"/>).
    /// </summary>
    private async Task<List<IncidentRevision>> ReadMembersAsync(DbConnection connection, string mergedId, CancellationToken cancellationToken)
    {
        var versions = new List<(string IncidentId, string Version)>();
        await using (var command = Command(connection, null, "SELECT incident_id, latest_revision, updated_at FROM incidents WHERE merged_id = @id ORDER BY opened_at, incident_id", ("id", mergedId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                versions.Add((reader.GetString(0), DecodedRevisions.VersionOf(reader.GetInt64(1), reader.GetString(2))));
            }
        }

        var members = new List<IncidentRevision>(versions.Count);
        foreach (var (incidentId, version) in versions)
        {
            members.Add(_decoded.Find(incidentId, version) ?? await DecodeAsync(connection, incidentId, cancellationToken));
        }

        return members;
    }

    private async Task<IncidentRevision> DecodeAsync(DbConnection connection, string incidentId, CancellationToken cancellationToken)
    {
        // Read again with its version: a newer revision stored in between is the one kept.
        await using var command = Command(connection, null, "SELECT latest_revision, updated_at, payload FROM incidents WHERE incident_id = @id", ("id", incidentId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Agent incident {incidentId} was listed as a member and is no longer stored.");
        }

        return _decoded.Decode(incidentId, DecodedRevisions.VersionOf(reader.GetInt64(0), reader.GetString(1)), reader.GetFieldValue<byte[]>(2));
    }

    private static async Task<List<(string Id, string Site, string Entity, string Kind)>> ReadHeadsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var heads = new List<(string, string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            heads.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return heads;
    }

    private async Task<MergedIncidentRecord> CompleteAsync(
        DbConnection connection,
        (string Id, string Site, string Entity, string Kind) head,
        CancellationToken cancellationToken)
    {
        var members = await ReadMembersAsync(connection, head.Id, cancellationToken);

        var actions = new List<OperatorAction>();
        await using (var command = Command(connection, null, "SELECT kind, actor, text, at FROM incident_actions WHERE merged_id = @id ORDER BY seq", ("id", head.Id)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var word = reader.GetString(0);
                var kind = ActionWords.FirstOrDefault(pair => pair.Value == word);
                if (kind.Value is null)
                {
                    // Written by a newer collector; shown as a note rather than hidden.
                    kind = new(OperatorActionKind.Note, word);
                }

                actions.Add(new OperatorAction(kind.Key, reader.GetString(1), reader.GetString(2), StoredTime.Parse(reader.GetString(3))));
            }
        }

        string owner;
        await using (var command = Command(connection, null, "SELECT MIN(agent_id) FROM revisions WHERE incident_id = @id", ("id", head.Id)))
        {
            owner = await command.ExecuteScalarAsync(cancellationToken) as string ?? "";
        }

        return new MergedIncidentRecord(head.Id, head.Site, head.Entity, head.Kind, members, actions) { Owner = owner };
    }
}

namespace Monitor.Collector.Store;

/// <summary>What on-call was told of each merged incident (<see cref="AlertState"/>).</summary>
public abstract partial class SqlIncidentStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, AlertState>> ReadAlertStatesAsync(CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT merged_id, firing, major_accident, changes FROM alert_states");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var states = new Dictionary<string, AlertState>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = new AlertState(reader.GetString(0), reader.GetInt64(1) != 0, reader.GetString(2), reader.GetInt64(3));
            states[state.MergedId] = state;
        }

        return states;
    }

    /// <inheritdoc />
    public Task RecordAlertAsync(AlertState state, IReadOnlyList<OperatorAction> actions, CancellationToken cancellationToken) =>
        WritingAsync(async () =>
        {
            EnsureInitialized();
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await BeginAlertWriteAsync(connection, cancellationToken);
            var write = new Write(connection, transaction, cancellationToken);
            await write.ExecuteAsync(
                """
                INSERT INTO alert_states (merged_id, firing, major_accident, changes, sent_at)
                VALUES (@id, @firing, @major, @changes, @at)
                ON CONFLICT (merged_id) DO UPDATE SET
                    firing = excluded.firing,
                    major_accident = excluded.major_accident,
                    changes = excluded.changes,
                    sent_at = excluded.sent_at
                """,
                ("id", state.MergedId),
                ("firing", state.Firing ? 1L : 0L),
                ("major", state.MajorAccident),
                ("changes", state.Changes),
                ("at", StoredTime.Of(_timeProvider.GetUtcNow())));

            // In the same transaction: the timeline shows an alert exactly when its state is recorded.
            foreach (var action in actions)
            {
                await InsertActionAsync(write, state.MergedId, action);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        });
}

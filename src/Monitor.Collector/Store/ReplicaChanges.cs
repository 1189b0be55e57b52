namespace Monitor.Collector.Store;

/// <summary>
/// Hears what the other collector replicas commit to the shared PostgreSQL store and announces
/// it here (<see cref="IncidentStoreChanges"/>), as if this replica had taken the push: its draft
/// reports follow every push whichever replica an agent reached, and the replica that sends
/// alerts hears of a new incident at once rather than at the next resend. Nothing runs on SQLite
/// (one collector). When the connection drops it listens again after <see cref="RetryDelay"/>,
/// and then announces "something may have changed" so the alert loop looks at once.
/// </summary>
public sealed class ReplicaChanges : BackgroundService
{
    /// <summary>Wait before listening again after the connection failed.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>A quiet connection is checked this often, so a silently cut one is noticed.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    private readonly IIncidentStore _store;
    private readonly IncidentStoreChanges _changes;
    private readonly TimeProvider _time;
    private readonly ILogger<ReplicaChanges> _logger;

    /// <summary>Creates the listener; it starts with the collector.</summary>
    public ReplicaChanges(IIncidentStore store, IncidentStoreChanges changes, TimeProvider time, ILogger<ReplicaChanges> logger)
    {
        _store = store;
        _changes = changes;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_store is not PostgresIncidentStore postgres)
        {
            return;
        }

        var failed = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await postgres.ListenAsync(_changes.Announce, () =>
                {
                    if (failed)
                    {
                        // What the others committed while we were deaf is in the store; look again.
                        _logger.LogInformation("Listening again to the other replicas' changes");
                        _changes.Announce(new StoredChange(StoredChangeKind.Revisions, []));
                    }
                }, KeepAlive, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failed = true;
                _logger.LogWarning("Cannot hear the other replicas' changes ({Problem}); listening again in {Delay}", ex.Message, RetryDelay);
                try
                {
                    await Task.Delay(RetryDelay, _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

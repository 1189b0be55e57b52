using System.Threading.Channels;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Reports;

/// <summary>
/// Rewrites draft reports behind the pushes instead of inside them: it follows the store's
/// announcements of stored revisions (<see cref="IncidentStoreChanges"/>). An agent's acknowledgement
/// needs the revision committed, not the report rendered: the report is derived from the store and
/// can always be rendered again. Incidents changed while a write runs are collected and written
/// once in the next round, so a burst of revisions to one incident costs one rewrite, and acks go
/// at the store's speed (the load benchmark measured the rewrite inside the push as half the
/// collector's throughput). Pending reports are written before the collector stops; after a crash,
/// the start sweeps the temporaries of a write cut short and rewrites what may have been missed. A
/// report the disk refuses is tried again every <see cref="RetryInterval"/> until it is written.
/// </summary>
public sealed class DraftReportWriter : BackgroundService
{
    private readonly DraftReportFiles _files;
    private readonly IIncidentStore _store;
    private readonly ILogger<DraftReportWriter> _logger;
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _gate = new();
    private readonly List<(long Round, TaskCompletionSource Done)> _waiters = [];
    private readonly HashSet<string> _retry = new(StringComparer.Ordinal);
    private HashSet<string> _pending = new(StringComparer.Ordinal);
    private long _scheduled;
    private long _written;
    private ITimer? _retryTimer;

    /// <summary>How often reports the disk refused are tried again, until they are written.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    /// <summary>Creates the writer, following <paramref name="changes"/> from now on; it starts with the collector.</summary>
    public DraftReportWriter(DraftReportFiles files, IIncidentStore store, IncidentStoreChanges changes, ILogger<DraftReportWriter> logger, TimeProvider time)
    {
        _time = time;
        _files = files;
        _store = store;
        _logger = logger;

        // Revisions only: a report file follows the agents' revisions; an on-call action shows in
        // it from the next revision on, and at once on the page and in the exports.
        _subscription = changes.Subscribe(change =>
        {
            if (change.Kind == StoredChangeKind.Revisions)
            {
                Schedule(change.IncidentIds);
            }
        });
    }

    /// <summary>Completes once every report scheduled before the call is written (tests, and a clean stop).</summary>
    public Task WhenWrittenAsync()
    {
        lock (_gate)
        {
            if (_written >= _scheduled)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_scheduled, done));
            return done.Task;
        }
    }

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        SweepTemporaries();

        // Before the collector listens, so a wait for written reports includes these.
        await ScheduleMissedAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // The loop has ended; what was scheduled after its last round is written now.
        await WritePendingAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _subscription.Dispose();
        lock (_gate)
        {
            _retryTimer?.Dispose();
            _retryTimer = null;
        }

        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _signal.Reader.WaitToReadAsync(stoppingToken))
            {
                _signal.Reader.TryRead(out _);
                await WritePendingAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Asks for the reports of <paramref name="incidentIds"/> (agent incident ids) to be rewritten soon.</summary>
    private void Schedule(IEnumerable<string> incidentIds)
    {
        lock (_gate)
        {
            foreach (var id in incidentIds)
            {
                _pending.Add(id);
            }

            _scheduled++;
        }

        _signal.Writer.TryWrite(true);
    }

    private async Task WritePendingAsync(CancellationToken cancellationToken)
    {
        HashSet<string> batch;
        long round;
        lock (_gate)
        {
            batch = _pending;
            _pending = new HashSet<string>(StringComparer.Ordinal);
            round = _scheduled;
        }

        if (batch.Count > 0)
        {
            try
            {
                RetryLater(await _files.WriteLatestAsync(batch, cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Put them back: StopAsync writes them without a token.
                lock (_gate)
                {
                    _pending.UnionWith(batch);
                }

                throw;
            }
            catch (Exception ex)
            {
                // The revisions are stored; the next change rewrites the report, and the page and
                // API render from the store meanwhile.
                _logger.LogError(ex, "Could not rewrite the draft reports of {Count} incidents", batch.Count);
            }
        }

        lock (_gate)
        {
            _written = Math.Max(_written, round);
            _waiters.RemoveAll(waiter =>
            {
                if (waiter.Round > _written)
                {
                    return false;
                }

                waiter.Done.TrySetResult();
                return true;
            });
        }
    }

    /// <summary>
    /// Reports the disk refused (full, not writable) are scheduled again after <see cref="RetryInterval"/>,
    /// and again after that while it refuses them: space coming back needs no restart.
    /// </summary>
    private void RetryLater(IReadOnlyList<string> refused)
    {
        if (refused.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            _retry.UnionWith(refused);
            _retryTimer ??= _time.CreateTimer(_ => RetryNow(), null, RetryInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private void RetryNow()
    {
        List<string> ids;
        lock (_gate)
        {
            ids = [.. _retry];
            _retry.Clear();
            _retryTimer?.Dispose();
            _retryTimer = null;
        }

        if (ids.Count > 0)
        {
            Schedule(ids);
        }
    }

    private void SweepTemporaries()
    {
        try
        {
            var swept = _files.SweepTemporaries();
            if (swept > 0)
            {
                _logger.LogWarning("Deleted {Count} temporary report files a crash left in {Directory}", swept, _files.ReportDirectory);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(ex, "Could not sweep the temporary report files in {Directory}", _files.ReportDirectory);
        }
    }

    /// <summary>
    /// After a crash, a report may be older than its incident: rewritten when its file is missing,
    /// older than the incident's last update, or the incident is not resolved yet.
    /// </summary>
    private async Task ScheduleMissedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var missed = new List<string>();
            foreach (var incident in await _store.ListIncidentsAsync(cancellationToken))
            {
                var file = new FileInfo(_files.PathFor(incident));
                if (incident.State != IncidentState.Resolved || !file.Exists || file.LastWriteTimeUtc < incident.UpdatedAt.UtcDateTime)
                {
                    missed.Add(incident.IncidentId);
                }
            }

            if (missed.Count > 0)
            {
                Schedule(missed);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Could not list the incidents whose draft reports may be out of date; they are rewritten on their next revision");
        }
    }
}

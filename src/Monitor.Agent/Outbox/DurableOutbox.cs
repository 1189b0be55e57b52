using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Monitor.Agent.Clocks;
using Monitor.Agent.Telemetry;
using Monitor.Contracts.V1;

namespace Monitor.Agent.Outbox;

/// <summary>
/// The outbox on disk: append-only segment files, a CRC per record, fsync on every write (revisions
/// are few), and a ledger of what the collector acknowledged. A record leaves only when acknowledged
/// (its segment file is deleted once every record in it is done); nothing is dropped after a retry
/// deadline or at shutdown. At start it reads back whatever is there: a torn last record, a
/// corrupt record in the middle, a segment the ledger names but that is missing are set aside in
/// quarantine/ and reported, and everything else is sent.
/// </summary>
public sealed class DurableOutbox : IOutbox, IDisposable
{
    private const string QuarantineFolder = "quarantine";
    private const string ParkedFile = "parked.log";

    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly LinkedList<PendingRevision> _pending = new();
    private readonly List<PendingRevision> _parked = [];
    private readonly List<Segment> _segments = [];
    private readonly HashSet<long> _done = [];
    private readonly List<QuarantinedRecord> _quarantined = [];
    private readonly OutboxSignals _signals = new();
    private readonly AgentMetrics _metrics;
    private readonly TimeProvider _time;
    private FileStream? _writer;
    private long _nextSequence = 1;
    private string? _appendError;
    private string? _ledgerError;
    private ITimer? _ledgerRetry;
    private bool _warned;

    /// <summary>How often a ledger the disk refused is written again, until it is.</summary>
    public static readonly TimeSpan LedgerRetryInterval = TimeSpan.FromSeconds(10);

    /// <summary>Opens the outbox in <see cref="OutboxOptions.Path"/>, recovering what a previous run left.</summary>
    /// <param name="options">Where and how much.</param>
    /// <param name="metrics">The agent's metrics.</param>
    /// <param name="logger">Where write failures are logged.</param>
    /// <param name="wallClock">Real time, for retrying a ledger the disk refused; the system clock when null.</param>
    public DurableOutbox(OutboxOptions options, AgentMetrics metrics, ILogger<DurableOutbox> logger, WallClock? wallClock = null)
    {
        _time = (wallClock ?? new WallClock(TimeProvider.System)).Time;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        Directory.CreateDirectory(options.Path);
        Recover();
        SignalIfEmpty();
    }

    /// <inheritdoc/>
    public string? LastWriteError
    {
        get
        {
            lock (_lock)
            {
                return _appendError ?? _ledgerError;
            }
        }
    }

    /// <summary>What start-up could not read and set aside.</summary>
    public IReadOnlyList<QuarantinedRecord> Quarantined => _quarantined;

    /// <summary>Bytes held in live segments.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _segments.Sum(s => s.Bytes);
            }
        }
    }

    /// <inheritdoc/>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<PendingRevision> Parked
    {
        get
        {
            lock (_lock)
            {
                return [.. _parked];
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask AppendAsync(IncidentRevision revision, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var sequence = _nextSequence;
            var record = OutboxRecord.Encode(sequence, revision.ToByteArray());
            var held = _segments.Sum(s => s.Bytes);
            if (held + record.Length > _options.MaxBytes)
            {
                _metrics.OutboxWriteFailures.Inc();
                _appendError = $"outbox {_options.Path} is full";
                throw new OutboxWriteException(
                    $"outbox {_options.Path} is full ({held:N0} of {_options.MaxBytes:N0} bytes unacknowledged): revision {revision.IdempotencyKey} not stored; is the collector reachable?");
            }

            try
            {
                var segment = WritableSegment(record.Length);
                _writer!.Write(record);
                _writer.Flush(flushToDisk: true);
                segment.Bytes += record.Length;
                segment.Sequences.Add(sequence);
            }
            catch (IOException e)
            {
                CutTornRecord();
                _metrics.OutboxWriteFailures.Inc();
                _appendError = $"outbox {_options.Path}: {e.Message}";
                throw new OutboxWriteException($"outbox {_options.Path}: revision {revision.IdempotencyKey} not stored: {e.Message}", e);
            }

            _nextSequence++;
            _appendError = null;
            _pending.AddLast(new PendingRevision(sequence, revision));
            Changed();
            _signals.Appended();
            WarnIfNearlyFull(held + record.Length);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public IReadOnlyList<PendingRevision> Peek(int max)
    {
        lock (_lock)
        {
            return [.. _pending.Take(max)];
        }
    }

    /// <inheritdoc/>
    public void Acknowledge(IReadOnlyCollection<string> idempotencyKeys)
    {
        lock (_lock)
        {
            var any = false;
            for (var node = _pending.First; node is not null;)
            {
                var next = node.Next;
                if (idempotencyKeys.Contains(node.Value.Revision.IdempotencyKey))
                {
                    _done.Add(node.Value.Sequence);
                    _pending.Remove(node);
                    any = true;
                }

                node = next;
            }

            if (any)
            {
                Compact();
                Changed();
            }
        }
    }

    /// <inheritdoc/>
    public void Park(PendingRevision revision, string reason)
    {
        lock (_lock)
        {
            try
            {
                using var parked = new FileStream(Path.Combine(_options.Path, ParkedFile), FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
                parked.Write(OutboxRecord.Encode(revision.Sequence, revision.Revision.ToByteArray()));
                parked.Flush(flushToDisk: true);
            }
            catch (IOException e)
            {
                // Parked in memory all the same; after a restart the collector refuses it again and it is parked again.
                _metrics.OutboxWriteFailures.Inc();
                _logger.LogError("Outbox {Path}: parked revision {Key} not written to {File}: {Error}", _options.Path, revision.Revision.IdempotencyKey, ParkedFile, e.Message);
            }

            _pending.Remove(revision);
            _parked.Add(revision);
            _done.Add(revision.Sequence);
            _metrics.OutboxParked.Set(_parked.Count);
            Compact();
            Changed();
        }
    }

    /// <inheritdoc/>
    public Task WaitUntilEmptyAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _signals.Empty.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc/>
    public Task WaitForRevisionsAsync(CancellationToken cancellationToken)
    {
        Task wait;
        lock (_lock)
        {
            wait = _signals.NextRevision(_pending.Count);
        }

        return wait.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            _ledgerRetry?.Dispose();
            _ledgerRetry = null;
            _writer?.Dispose();
            _writer = null;
        }
    }

    private Segment WritableSegment(int recordBytes)
    {
        var current = _segments.Count > 0 ? _segments[^1] : null;
        if (current is null || (current.Bytes > 0 && current.Bytes + recordBytes > _options.SegmentBytes))
        {
            _writer?.Dispose();
            current = new Segment($"segment-{_nextSequence:D12}.log");
            _segments.Add(current);
            _writer = null;
            new OutboxLedger { Segments = [.. _segments.Select(s => s.Name)], Done = [.. _done] }.Write(_options.Path);
        }

        if (_writer is null)
        {
            // Unbuffered: a write the disk refuses is cut back at once (CutTornRecord), never flushed later.
            _writer = new FileStream(Path.Combine(_options.Path, current.Name), FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
            DurableFolder.Sync(_options.Path);
        }

        return current;
    }

    // Records which segments are live and which records done, then deletes the segments whose
    // every record is done (never the one being written). The ledger goes first: a crash between
    // leaves a segment the ledger does not name, read back and sent again (the collector ignores
    // duplicates), never a ledger naming a deleted segment.
    private void Compact()
    {
        var finished = _segments.Take(_segments.Count - 1).Where(segment => segment.Sequences.All(_done.Contains)).ToList();
        var live = _segments.Except(finished).ToList();
        var done = _done.Except(finished.SelectMany(segment => segment.Sequences)).Order().ToList();
        if (!WriteLedger(new OutboxLedger { Segments = [.. live.Select(segment => segment.Name)], Done = done }))
        {
            return;
        }

        foreach (var segment in finished)
        {
            File.Delete(Path.Combine(_options.Path, segment.Name));
            _done.ExceptWith(segment.Sequences);
            _segments.Remove(segment);
        }
    }

    /// <summary>
    /// Writes <paramref name="ledger"/>; when the disk refuses it, the acknowledgements stay in
    /// memory (nothing is sent again in this run), health says why, and a timer tries again until
    /// it is written. Returns whether it was.
    /// </summary>
    private bool WriteLedger(OutboxLedger ledger)
    {
        try
        {
            ledger.Write(_options.Path);
        }
        catch (IOException e)
        {
            _metrics.OutboxWriteFailures.Inc();
            if (_ledgerError is null)
            {
                _logger.LogError("Outbox {Path}: ledger not written ({Error}); acknowledgements are kept in memory and it is tried again every {Seconds}s",
                    _options.Path, e.Message, LedgerRetryInterval.TotalSeconds);
            }

            _ledgerError = $"outbox {_options.Path}: ledger not written ({e.Message}); acknowledgements are kept in memory until it can be";
            _ledgerRetry ??= _time.CreateTimer(_ => RetryLedger(), null, LedgerRetryInterval, LedgerRetryInterval);
            return false;
        }

        if (_ledgerError is not null)
        {
            _logger.LogInformation("Outbox {Path}: ledger written again; the acknowledgements kept in memory are on disk", _options.Path);
            _ledgerError = null;
        }

        _ledgerRetry?.Dispose();
        _ledgerRetry = null;
        return true;
    }

    private void RetryLedger()
    {
        lock (_lock)
        {
            if (_ledgerError is not null)
            {
                Compact();
                Changed();
            }
        }
    }

    // A record the disk took only part of is cut off, so the next append follows the last whole record.
    private void CutTornRecord()
    {
        var segment = _segments.Count > 0 ? _segments[^1] : null;
        _writer?.Dispose();
        _writer = null;
        var path = segment is null ? null : Path.Combine(_options.Path, segment.Name);
        if (segment is null || !File.Exists(path))
        {
            return;
        }

        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
            file.SetLength(segment.Bytes);
            file.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            // Left as it is, the torn tail is set aside at the next start (Recover), and nothing whole is lost.
            _logger.LogError("Outbox {Path}: a torn record in {Segment} could not be cut off: {Error}", _options.Path, segment.Name, e.Message);
        }
    }

    private void Recover()
    {
        OutboxLedger? ledger = null;
        try
        {
            ledger = OutboxLedger.Read(_options.Path);
        }
        catch (System.Text.Json.JsonException e)
        {
            Quarantine(OutboxLedger.FileName, 0, File.ReadAllBytes(Path.Combine(_options.Path, OutboxLedger.FileName)),
                $"ledger unreadable ({e.Message}); every record in the segments is sent again (the collector ignores duplicates)");
        }

        _done.UnionWith(ledger?.Done ?? []);
        var onDisk = Directory.GetFiles(_options.Path, "segment-*.log").Select(Path.GetFileName).OfType<string>();
        foreach (var name in (ledger?.Segments ?? []).Union(onDisk).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(_options.Path, name);
            if (!File.Exists(path))
            {
                Quarantine(name, 0, [], "segment named by the ledger is missing; its unacknowledged revisions are lost", save: false);
                continue;
            }

            _segments.Add(ReadSegment(name, path));
        }

        foreach (var pending in _pending.OrderBy(p => p.Sequence).ToList())
        {
            _pending.Remove(pending);
            _pending.AddLast(pending);
        }

        _nextSequence = Math.Max(_nextSequence, _segments.SelectMany(s => s.Sequences).DefaultIfEmpty(0).Max() + 1);
        _done.IntersectWith(_segments.SelectMany(s => s.Sequences));
        OutboxLedger.DeleteTemporary(_options.Path);
        WriteLedger(new OutboxLedger { Segments = [.. _segments.Select(s => s.Name)], Done = [.. _done.Order()] });
        Changed();
        if (_quarantined.Count > 0 || _pending.Count > 0)
        {
            _logger.LogWarning("Outbox {Path}: {Pending} revisions to send from a previous run, {Quarantined} pieces quarantined",
                _options.Path, _pending.Count, _quarantined.Count);
        }
    }

    private Segment ReadSegment(string name, string path)
    {
        var data = File.ReadAllBytes(path);
        var segment = new Segment(name);
        var offset = 0;
        while (true)
        {
            var (status, sequence, payload, length) = OutboxRecord.Decode(data, offset);
            if (status == RecordStatus.End)
            {
                break;
            }

            if (status == RecordStatus.Good)
            {
                segment.Sequences.Add(sequence);
                if (!_done.Contains(sequence))
                {
                    try
                    {
                        _pending.AddLast(new PendingRevision(sequence, IncidentRevision.Parser.ParseFrom(payload.Span)));
                    }
                    catch (InvalidProtocolBufferException e)
                    {
                        Quarantine(name, offset, data.AsSpan(offset, length).ToArray(), $"record {sequence} is not an incident revision: {e.Message}");
                        _done.Add(sequence);
                    }
                }

                offset += length;
                continue;
            }

            var next = status == RecordStatus.Corrupt ? OutboxRecord.NextMagic(data, offset + 1) : -1;
            if (next > 0)
            {
                Quarantine(name, offset, data.AsSpan(offset, next - offset).ToArray(), "corrupt record (bad magic, length or CRC)");
                offset = next;
                continue;
            }

            // A torn or corrupt tail: set it aside and cut the file so appends continue cleanly.
            Quarantine(name, offset, data.AsSpan(offset).ToArray(), status == RecordStatus.Torn ? "torn last record (a write cut short)" : "corrupt tail");
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                file.SetLength(offset);
                file.Flush(flushToDisk: true);
            }

            break;
        }

        segment.Bytes = offset;
        return segment;
    }

    private void Quarantine(string segment, long offset, byte[] bytes, string reason, bool save = true)
    {
        string? savedAs = null;
        if (save && bytes.Length > 0)
        {
            var folder = Path.Combine(_options.Path, QuarantineFolder);
            Directory.CreateDirectory(folder);
            savedAs = Path.Combine(folder, $"{segment}.{offset}.bin");
            File.WriteAllBytes(savedAs, bytes);
        }

        var item = new QuarantinedRecord(segment, offset, bytes.Length, reason, savedAs);
        _quarantined.Add(item);
        _metrics.OutboxQuarantined.Inc();
        _logger.LogError("Outbox {Path}: quarantined {Item}", _options.Path, item.ToString());
    }

    private void WarnIfNearlyFull(long held)
    {
        var nearly = held >= _options.MaxBytes * _options.WarnAt;
        if (nearly && !_warned)
        {
            _logger.LogWarning("Outbox {Path} holds {Held:N0} of its {Max:N0} bytes: new revisions will be refused when it is full",
                _options.Path, held, _options.MaxBytes);
        }

        _warned = nearly;
    }

    private void Changed()
    {
        _metrics.OutboxPending.Set(_pending.Count);
        _metrics.OutboxBytes.Set(_segments.Sum(s => s.Bytes));
        SignalIfEmpty();
    }

    private void SignalIfEmpty() => _signals.Counted(_pending.Count);

    private sealed class Segment(string name)
    {
        public string Name { get; } = name;

        public long Bytes { get; set; }

        public List<long> Sequences { get; } = [];
    }
}

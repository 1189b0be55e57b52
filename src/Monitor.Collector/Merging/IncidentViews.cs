using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Store;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Merging;

/// <summary>Reads merged incidents from the store and turns each into an <see cref="IncidentView"/>.</summary>
public sealed class IncidentViews
{
    /// <summary>Most incidents on the list page and in the alert loop.</summary>
    public const int ListLimit = 200;

    /// <summary>Most merged incidents kept folded: the list's and as many opened one by one.</summary>
    private const int MaxCached = 2 * ListLimit;

    private readonly IIncidentStore _store;
    private readonly IncidentViewBuilder _builder;
    private readonly TimeProvider _timeProvider;
    private readonly IncidentFailures _failures;
    private readonly ConcurrentDictionary<string, CombinedIncident> _combined = new(StringComparer.Ordinal);
    private long _mergesComputed;

    /// <summary>Creates the reader; an incident whose view cannot be built is logged and counted in <paramref name="failures"/>.</summary>
    public IncidentViews(IIncidentStore store, IOptions<CollectorOptions> options, TimeProvider timeProvider, IncidentFailures failures)
    {
        _store = store;
        _failures = failures;
        _builder = new IncidentViewBuilder(options.Value);
        _timeProvider = timeProvider;
    }

    /// <summary>The time zone pages and reports show local times in.</summary>
    public TimeZoneInfo TimeZone => _builder.TimeZone;

    /// <summary>The merged incidents whose view could be built, the most recently opened first, as of now.</summary>
    public async Task<IReadOnlyList<IncidentView>> ListAsync(CancellationToken cancellationToken) =>
        (await ListAsync(IncidentFailures.Page, cancellationToken)).Views;

    /// <summary>
    /// The merged incidents, the most recently opened first, as of now. One whose view cannot be
    /// built (a stored revision no view can be made of) is left out, logged and counted under
    /// <paramref name="stage"/>, and named in <see cref="IncidentViewList.Failures"/>: the others carry on.
    /// </summary>
    public async Task<IncidentViewList> ListAsync(string stage, CancellationToken cancellationToken)
    {
        var records = await _store.ListMergedIncidentsAsync(ListLimit, cancellationToken);
        return BuildAll(records, stage);
    }

    private IncidentViewList BuildAll(IReadOnlyList<MergedIncidentRecord> records, string stage)
    {
        var now = _timeProvider.GetUtcNow();
        var views = new List<IncidentView>(records.Count);
        var failures = new List<string>();
        foreach (var record in records.Where(r => r.Members.Count > 0))
        {
            try
            {
                views.Add(Build(record, now));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add(_failures.Record(stage, record.Id, ex));
            }
        }

        return new IncidentViewList(views, failures);
    }

    /// <summary>One merged incident by its id or the id of one of its agent incidents, as of now; null when unknown.</summary>
    /// <exception cref="IncidentViewException">Its view cannot be built (logged and counted as a page failure).</exception>
    public Task<IncidentView?> GetAsync(string id, CancellationToken cancellationToken) => GetAsync(id, IncidentFailures.Page, cancellationToken);

    /// <summary>One merged incident by its id or the id of one of its agent incidents, as of now; null when unknown.</summary>
    /// <exception cref="IncidentViewException">Its view cannot be built (logged and counted under <paramref name="stage"/>).</exception>
    public async Task<IncidentView?> GetAsync(string id, string stage, CancellationToken cancellationToken)
    {
        var record = await _store.GetMergedIncidentAsync(id, cancellationToken);
        if (record is null || record.Members.Count == 0)
        {
            return null;
        }

        try
        {
            return Build(record, _timeProvider.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new IncidentViewException(_failures.Record(stage, record.Id, ex), ex);
        }
    }

    /// <summary>Logs and counts a failure to render or alert on incident <paramref name="incidentId"/>; returns the sentence to show.</summary>
    public string Failed(string stage, string incidentId, Exception exception) => _failures.Record(stage, incidentId, exception);

    /// <summary>How many times the members of a merged incident were folded into one (once per change, not per reader).</summary>
    public long MergesComputed => Interlocked.Read(ref _mergesComputed);

    /// <summary>Builds the view of <paramref name="record"/> as of <paramref name="now"/>.</summary>
    public IncidentView Build(MergedIncidentRecord record, DateTimeOffset now) => _builder.Build(record, Combined(record), now);

    /// <summary>
    /// The members folded into one, from the cache while they are the same revisions: a change
    /// (a new revision stored) gives another version and one new merge, whoever reads first.
    /// </summary>
    private CombinedIncident Combined(MergedIncidentRecord record)
    {
        var version = CombinedIncident.VersionOf(record);
        if (_combined.TryGetValue(record.Id, out var cached) && cached.Version == version)
        {
            return cached;
        }

        var combined = CombinedIncident.Of(record);
        Interlocked.Increment(ref _mergesComputed);
        if (_combined.Count >= MaxCached)
        {
            // Bounded: the incidents still read are merged again on their next read.
            _combined.Clear();
        }

        _combined[record.Id] = combined;
        return combined;
    }
}

using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Store;

namespace Monitor.Collector.Merging;

/// <summary>Reads merged incidents from the store and turns each into an <see cref="IncidentView"/>.</summary>
public sealed class IncidentViews
{
    /// <summary>Most incidents on the list page and in the alert loop.</summary>
    public const int ListLimit = 200;

    private readonly IIncidentStore _store;
    private readonly IncidentViewBuilder _builder;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the reader.</summary>
    public IncidentViews(IIncidentStore store, IOptions<CollectorOptions> options, TimeProvider timeProvider)
    {
        _store = store;
        _builder = new IncidentViewBuilder(options.Value);
        _timeProvider = timeProvider;
    }

    /// <summary>The time zone pages and reports show local times in.</summary>
    public TimeZoneInfo TimeZone => _builder.TimeZone;

    /// <summary>The merged incidents, the most recently opened first, as of now.</summary>
    public async Task<IReadOnlyList<IncidentView>> ListAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var records = await _store.ListMergedIncidentsAsync(ListLimit, cancellationToken);
        return records.Where(r => r.Members.Count > 0).Select(r => Build(r, now)).ToList();
    }

    /// <summary>One merged incident by its id or the id of one of its agent incidents, as of now; null when unknown.</summary>
    public async Task<IncidentView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var record = await _store.GetMergedIncidentAsync(id, cancellationToken);
        return record is null || record.Members.Count == 0 ? null : Build(record, _timeProvider.GetUtcNow());
    }

    /// <summary>Builds the view of <paramref name="record"/> as of <paramref name="now"/>.</summary>
    public IncidentView Build(MergedIncidentRecord record, DateTimeOffset now) => _builder.Build(record, now);
}

using Google.Protobuf.WellKnownTypes;
using Monitor.Collector.Configuration;
using Monitor.Collector.Regulation;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Merging;

/// <summary>
/// Turns a stored merged incident into an <see cref="IncidentView"/>: combines the members,
/// applies the site's service names and categories and a person's resolve, derives its episodes
/// and time ranges of user impact, classifies them and
/// lays out its deadlines. Pure: no store, no clock.
/// </summary>
public sealed class IncidentViewBuilder
{
    private readonly IncidentClassifier _classifier;
    private readonly CollectorOptions _options;

    /// <summary>Creates the builder for the collector's settings.</summary>
    public IncidentViewBuilder(CollectorOptions options)
    {
        _options = options;
        _classifier = new IncidentClassifier(new RegulatoryThresholds(options.Regulation));
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
    }

    /// <summary>
    /// The collector's own time zone (<c>Collector:TimeZone</c>): lists of several sites, and an
    /// incident whose agent sent no zone. An incident's own times use <see cref="IncidentView.TimeZone"/>.
    /// </summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Builds the view of <paramref name="record"/> as of <paramref name="now"/>.</summary>
    public IncidentView Build(MergedIncidentRecord record, DateTimeOffset now) => Build(record, CombinedIncident.Of(record), now);

    /// <summary>Builds the view of <paramref name="record"/>, whose members are already folded into <paramref name="combined"/>, as of <paramref name="now"/>.</summary>
    public IncidentView Build(MergedIncidentRecord record, CombinedIncident combined, DateTimeOffset now)
    {
        var incident = combined.Copy();
        ApplySiteServices(incident);
        var resolvedByPerson = ApplyPersonsResolve(record, incident);
        var detectedAt = (incident.Timeline
            .Where(e => e.Kind == TimelineEventKind.Detected && e.Time is not null)
            .Select(e => e.Time)
            .MinBy(t => t.ToDateTimeOffset()) ?? incident.OpenedAt).ToDateTimeOffset();
        var end = (incident.RecoveredAt ?? incident.ResolvedAt)?.ToDateTimeOffset();
        var episodes = ImpactEpisodes.Derive(combined.Exposure, incident.OpenedAt.ToDateTimeOffset(), end, incident.AffectedUsersMax, FunctionImpactSpans.Of(incident));
        var classification = Classify(incident, combined.Exposure, episodes, now);
        var notices = NoticeRecords.Of(incident, record.Actions);
        var done = new Dictionary<DeadlineKind, DateTimeOffset>();
        foreach (var notice in notices)
        {
            done.TryAdd(notice.Kind == RecordedNoticeKind.UserNotice ? DeadlineKind.FirstUserNotice : DeadlineKind.RegulatorFirstReport, notice.At);
        }

        foreach (var action in record.Actions.Where(a => a.Kind == OperatorActionKind.DetailedReportFiled))
        {
            done.TryAdd(DeadlineKind.DetailedReport, action.At);
        }

        var zone = SiteTimeZone.Of(incident, TimeZone);
        var deadlines = DeadlineSchedule.For(classification, incident.OpenedAt.ToDateTimeOffset(), detectedAt, done, _options.Regulation, zone);
        return new IncidentView(record, incident, classification, deadlines, detectedAt, now)
        {
            ResolvedByPerson = resolvedByPerson,
            Notices = notices,
            SiteServices = _options.Services,
            Episodes = episodes,
            TimeZone = zone,
        };
    }

    /// <summary>The worst classification over the categories of the services hit (all services when none is marked hit).</summary>
    private Classification Classify(IncidentRevision incident, IReadOnlyList<(DateTimeOffset Time, long Users)> series, IReadOnlyList<ImpactEpisode> episodes, DateTimeOffset now)
    {
        var end = incident.RecoveredAt ?? incident.ResolvedAt;
        var exposure = new IncidentExposure(incident.OpenedAt.ToDateTimeOffset(), end?.ToDateTimeOffset(), incident.AffectedUsersMax, series);
        var hit = incident.Services.Where(s => s.Impact is ImpactLevel.Stopped or ImpactLevel.Degraded).ToList();
        var categories = (hit.Count > 0 ? hit : incident.Services.ToList()).Select(s => s.Category).Where(c => c > 0).Distinct().ToList();
        if (categories.Count == 0)
        {
            return _classifier.Classify(0, episodes, exposure, now);
        }

        return categories
            .Select(category => _classifier.Classify(category, episodes, exposure, now))
            .OrderByDescending(c => c.MajorAccident)
            .ThenBy(c => c.MajorAccidentAt ?? DateTimeOffset.MaxValue)
            .First();
    }

    private void ApplySiteServices(IncidentRevision incident)
    {
        foreach (var service in incident.Services)
        {
            if (!_options.Services.TryGetValue(service.Service, out var configured))
            {
                continue;
            }

            if (configured.Category > 0)
            {
                service.Category = configured.Category;
            }

            if (!string.IsNullOrWhiteSpace(configured.Name))
            {
                service.DisplayName = configured.Name;
            }
        }
    }

    /// <summary>
    /// A person's resolve closes the incident unless an agent reported it open again afterwards
    /// (by the agent's clock, which may be a replay's: a replay of 2017 never re-opens today's resolve).
    /// </summary>
    private static OperatorAction? ApplyPersonsResolve(MergedIncidentRecord record, IncidentRevision incident)
    {
        var resolve = record.Actions.LastOrDefault(a => a.Kind == OperatorActionKind.Resolved);
        if (resolve is null || incident.State == IncidentState.Resolved)
        {
            return null;
        }

        if (record.Members.Any(m => m.State == IncidentState.Open && m.UpdatedAt.ToDateTimeOffset() > resolve.At))
        {
            return null;
        }

        incident.State = IncidentState.Resolved;
        var at = Timestamp.FromDateTimeOffset(resolve.At);
        incident.ResolvedAt = at;
        incident.RecoveredAt ??= at;
        return resolve;
    }
}

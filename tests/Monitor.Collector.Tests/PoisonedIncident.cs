using Google.Protobuf.WellKnownTypes;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests;

/// <summary>
/// An incident the store holds but no view can be built of: a timeline time beyond the range of
/// a timestamp. Ingest refuses it; an older collector, a hand edit or a bug could still have
/// stored it, so it is written to the store directly. Another root entity: it never merges with CTY.
/// </summary>
internal static class PoisonedIncident
{
    public const string Id = "inc-poisoned-ctl-z";

    public static IncidentRevision Revision()
    {
        var revision = CtyIncident.Revision(1, Id);
        revision.RootCause.Entity = "ctl-z";
        revision.Title = "Poisoned incident";
        revision.Timeline.Add(new TimelineEvent { Time = new Timestamp { Seconds = long.MaxValue }, Kind = TimelineEventKind.Finding, Text = "out of range", Entity = "ctl-z" });
        return revision;
    }
}

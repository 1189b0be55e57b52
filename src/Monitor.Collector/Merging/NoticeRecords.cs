using System.Text.RegularExpressions;
using Monitor.Collector.Regulation;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Merging;

/// <summary>
/// The notices an incident's records show were given: on-call's actions on the page, and the
/// notes of the site's event stream (events.jsonl kind "note", which reach the collector as
/// timeline notes) that say what they are. The event stream has no kind of its own for a notice,
/// so a note counts when it is worded as notices are: "第1報", "初報", "最終報" or "… notice posted"
/// to users, "総務省" or "MIC" for the regulator. Any other note (an operator's "queue flushed")
/// is not a notice.
/// </summary>
public static partial class NoticeRecords
{
    /// <summary>Every notice of <paramref name="incident"/> and <paramref name="actions"/>, oldest first.</summary>
    public static IReadOnlyList<RecordedNotice> Of(IncidentRevision incident, IEnumerable<OperatorAction> actions)
    {
        var notices = new List<RecordedNotice>();
        foreach (var action in actions)
        {
            RecordedNoticeKind? kind = action.Kind switch
            {
                OperatorActionKind.UserNoticePosted => RecordedNoticeKind.UserNotice,
                OperatorActionKind.RegulatorReported => RecordedNoticeKind.RegulatorContact,
                _ => null,
            };
            if (kind is { } k)
            {
                notices.Add(new(k, action.At, action.Text));
            }
        }

        foreach (var note in incident.Timeline.Where(e => e.Kind == TimelineEventKind.Note && e.Time is not null))
        {
            if (KindOf(note.Text) is { } kind)
            {
                notices.Add(new(kind, note.Time.ToDateTimeOffset(), note.Text));
            }
        }

        return notices.OrderBy(n => n.At).ToList();
    }

    /// <summary>What a note is a record of, or null when it is no notice.</summary>
    public static RecordedNoticeKind? KindOf(string text)
    {
        if (Regulator().IsMatch(text))
        {
            return RecordedNoticeKind.RegulatorContact;
        }

        return UserNotice().IsMatch(text) ? RecordedNoticeKind.UserNotice : null;
    }

    [GeneratedRegex(@"総務省|\bMIC\b")]
    private static partial Regex Regulator();

    [GeneratedRegex(@"^\s*(第[0-9０-９]+報|初報|最終報)|\bnotice\b.*\bposted\b|\bposted\b.*\bnotice\b", RegexOptions.IgnoreCase)]
    private static partial Regex UserNotice();
}

namespace Monitor.Collector.Regulation;

/// <summary>A notice that was given, as the event stream or on-call recorded it.</summary>
/// <param name="Kind">To users or to the regulator.</param>
/// <param name="At">When it was given.</param>
/// <param name="Text">What the record says.</param>
public sealed record RecordedNotice(RecordedNoticeKind Kind, DateTimeOffset At, string Text);

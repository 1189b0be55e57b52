namespace Monitor.Collector.Store;

/// <summary>One action of an on-call person on a merged incident: what, who, when, and their words.</summary>
/// <param name="Kind">What was done.</param>
/// <param name="Actor">Who did it: the signed-in user, or the name typed in the form while there is no sign-in.</param>
/// <param name="Text">The note, or an empty string.</param>
/// <param name="At">When the collector recorded it (its TimeProvider).</param>
public sealed record OperatorAction(OperatorActionKind Kind, string Actor, string Text, DateTimeOffset At);

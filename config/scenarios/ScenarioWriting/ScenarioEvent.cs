namespace Monitor.Scenarios;

/// <summary>One line of events.jsonl: a change, a log line or a note, at a time, maybe about an entity.</summary>
/// <param name="Time">When it happened.</param>
/// <param name="Kind"><c>change</c>, <c>log</c> or <c>note</c>.</param>
/// <param name="Entity">The topology entity it concerns, if any.</param>
/// <param name="Source">Where it comes from, e.g. <c>change-management</c>.</param>
/// <param name="Text">What it says.</param>
/// <param name="Until">For a change with a window (a planned test): when the window ends.</param>
public sealed record ScenarioEvent(DateTimeOffset Time, string Kind, string? Entity, string Source, string Text, DateTimeOffset? Until = null);

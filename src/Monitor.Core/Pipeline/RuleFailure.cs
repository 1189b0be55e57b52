namespace Monitor.Core.Pipeline;

/// <summary>A rule that threw: reported, and the other rules' findings still count.</summary>
/// <param name="Rule">Rule name.</param>
/// <param name="Error">What it threw.</param>
public sealed record RuleFailure(string Rule, Exception Error);

namespace Monitor.Core.Impact;

/// <summary>Total affected users at a time.</summary>
/// <param name="Time">When the count changed.</param>
/// <param name="Count">Users affected from then on.</param>
public sealed record AffectedUsersPoint(DateTimeOffset Time, long Count);

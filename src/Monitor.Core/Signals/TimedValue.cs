namespace Monitor.Core.Signals;

/// <summary>A value of one series at one time.</summary>
/// <param name="Time">When it was observed.</param>
/// <param name="Value">What was observed.</param>
public readonly record struct TimedValue(DateTimeOffset Time, double Value);

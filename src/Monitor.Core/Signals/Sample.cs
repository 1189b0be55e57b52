namespace Monitor.Core.Signals;

/// <summary>
/// One observation: at <paramref name="Time"/>, <paramref name="Metric"/> of
/// <paramref name="Entity"/> had <paramref name="Value"/>. Sources only produce samples; they never decide.
/// </summary>
/// <param name="Time">When the value was observed.</param>
/// <param name="Entity">Topology entity id, e.g. "ctl-a" or "cty-mail/pop3".</param>
/// <param name="Metric">Metric name from <see cref="MetricCatalog"/>, e.g. "monitor_controller_iops".</param>
/// <param name="Value">The observed value, in the metric's base unit.</param>
public readonly record struct Sample(DateTimeOffset Time, string Entity, string Metric, double Value);

namespace Monitor.Core.Signals;

/// <summary>
/// A metric in Monitor's vocabulary: its name, what it means, and which labels name its entity.
/// </summary>
/// <param name="Name">Prometheus/OpenMetrics name, e.g. "monitor_controller_iops".</param>
/// <param name="Help">One line of help, as exported on /metrics.</param>
/// <param name="Unit">Base unit, e.g. "seconds", "bytes_per_second", "" for ratios and counts.</param>
/// <param name="EntityLabels">
/// Labels whose values, joined by '/', form the entity id, e.g. ["service", "function"] gives
/// "cty-mail/pop3".
/// </param>
/// <param name="Signed">
/// Whether values below zero are readings (optical power in dBm); for every other metric, a rate,
/// count, size, share or duration, a negative value is a broken source and is refused.
/// </param>
public sealed record MetricDefinition(string Name, string Help, string Unit, IReadOnlyList<string> EntityLabels, bool Signed = false);

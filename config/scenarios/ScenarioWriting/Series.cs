namespace Monitor.Scenarios;

/// <summary>One series of metrics.om: a family name, its label text and one value per sample (NaN: not exported).</summary>
/// <param name="Family">The metric name, one of Monitor.Core's MetricCatalog.</param>
/// <param name="Labels">The label text between the braces, e.g. <c>controller="ctl-a"</c>.</param>
/// <param name="Values">One value per sample interval from the window's start.</param>
/// <param name="Format">The .NET number format the values are written with.</param>
public sealed record Series(string Family, string Labels, double[] Values, string Format);

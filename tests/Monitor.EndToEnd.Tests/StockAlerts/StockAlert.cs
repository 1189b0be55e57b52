namespace Monitor.EndToEnd.Tests.StockAlerts;

/// <summary>One alert as Prometheus labels it; its identity is the whole label set.</summary>
internal sealed record StockAlert(string Identity, string Name, string Severity, string Group)
{
    /// <summary>From promtool's rendering of a label set: <c>{alertname="X", job="a"}</c>.</summary>
    public static StockAlert From(string labelSet)
    {
        var labels = PromtoolOutput.Labels(labelSet);
        return new StockAlert(
            labelSet,
            labels.GetValueOrDefault("alertname", ""),
            labels.GetValueOrDefault("severity", ""),
            string.Join("/", AlertmanagerRoute.GroupBy.Select(l => labels.GetValueOrDefault(l, ""))));
    }
}

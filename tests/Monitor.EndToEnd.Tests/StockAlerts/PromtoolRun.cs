namespace Monitor.EndToEnd.Tests.StockAlerts;

/// <summary>What promtool printed and how it ended.</summary>
internal sealed record PromtoolRun(int ExitCode, string Output);

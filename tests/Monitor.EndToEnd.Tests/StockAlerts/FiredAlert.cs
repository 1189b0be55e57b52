namespace Monitor.EndToEnd.Tests.StockAlerts;

/// <summary>A distinct alert over a scenario: when it first fired and for how many minutes in all.</summary>
internal sealed record FiredAlert(StockAlert Alert, DateTimeOffset First, int Minutes);

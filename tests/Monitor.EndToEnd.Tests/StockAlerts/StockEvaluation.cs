namespace Monitor.EndToEnd.Tests.StockAlerts;

/// <summary>The alerts firing at one evaluation, counted from the recording's start.</summary>
internal sealed record StockEvaluation(TimeSpan At, IReadOnlyList<StockAlert> Firing);

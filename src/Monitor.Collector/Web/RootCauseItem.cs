namespace Monitor.Collector.Web;

/// <summary>The estimated cause of an incident in <c>GET /api/incidents</c>: where, and what the rule found.</summary>
public sealed record RootCauseItem(string Entity, string Kind);

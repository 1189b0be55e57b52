namespace Monitor.Collector.Web.Authentication;

/// <summary>The authorization policies of the web endpoints, by name.</summary>
internal static class WebPolicies
{
    /// <summary>Pages, the API and report downloads: the read-only role or more.</summary>
    public const string ReadOnly = "read-only";

    /// <summary>Every state-changing POST (acknowledge, resolve, notes): the on-call role.</summary>
    public const string OnCall = "on-call";

    /// <summary><c>/metrics</c>: read-only, or anyone when <c>Collector:Web:AnonymousMetrics</c> is set.</summary>
    public const string Metrics = "metrics";
}

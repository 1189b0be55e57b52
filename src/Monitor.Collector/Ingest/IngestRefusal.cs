using Grpc.Core;

namespace Monitor.Collector.Ingest;

/// <summary>
/// Why a push is refused: the gRPC status the agent acts on, a short reason for the
/// <c>monitor_collector_pushes_refused_total</c> metric, and the sentence the agent logs.
/// </summary>
/// <param name="Status">
/// <c>UNAUTHENTICATED</c> and <c>PERMISSION_DENIED</c>: a configuration problem, the agent keeps
/// its revisions and retries later; <c>RESOURCE_EXHAUSTED</c>: too many pushes, retry soon;
/// <c>INVALID_ARGUMENT</c> and <c>FAILED_PRECONDITION</c>: this push is refused for good.
/// </param>
/// <param name="Reason">One of <see cref="Reasons"/>.</param>
/// <param name="Problem">One sentence naming what is wrong; never a secret.</param>
public sealed record IngestRefusal(StatusCode Status, string Reason, string Problem)
{
    /// <summary>Every value of <see cref="Reason"/>, for the metric's label.</summary>
    public static readonly IReadOnlyList<string> Reasons =
        ["unauthenticated", "permission_denied", "rate_limited", "too_large", "malformed", "invalid", "conflict", "revision_limit"];

    /// <summary>No usable certificate or token.</summary>
    public static IngestRefusal Unauthenticated(string problem) => new(StatusCode.Unauthenticated, "unauthenticated", problem);

    /// <summary>Authenticated, but not allowed to push this (another agent's identity or site).</summary>
    public static IngestRefusal PermissionDenied(string problem) => new(StatusCode.PermissionDenied, "permission_denied", problem);

    /// <summary>More pushes than <c>Collector:Limits:PushesPerAgentPerSecond</c> allows.</summary>
    public static IngestRefusal RateLimited(string problem) => new(StatusCode.ResourceExhausted, "rate_limited", problem);

    /// <summary>A message over <c>Collector:Limits:MaxMessageBytes</c>.</summary>
    public static IngestRefusal TooLarge(string problem) => new(StatusCode.InvalidArgument, "too_large", problem);

    /// <summary>Bytes that are not a <c>PushRevisionsRequest</c>.</summary>
    public static IngestRefusal Malformed(string problem) => new(StatusCode.InvalidArgument, "malformed", problem);

    /// <summary>A request that breaks the contract: a missing field, an over-long string, an unknown enum value.</summary>
    public static IngestRefusal Invalid(string problem) => new(StatusCode.InvalidArgument, "invalid", problem);

    /// <summary>A revision number reused with another idempotency key.</summary>
    public static IngestRefusal Conflict(string problem) => new(StatusCode.FailedPrecondition, "conflict", problem);

    /// <summary>More revisions of one incident than <c>Collector:Limits:MaxRevisionsPerIncident</c>.</summary>
    public static IngestRefusal RevisionLimit(string problem) => new(StatusCode.FailedPrecondition, "revision_limit", problem);
}

using System.Security.Authentication;
using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Monitor.Agent.Delivery;

/// <summary>
/// How hard one push tries, in layers whose attempts have a known bound instead of multiplying:
/// <list type="number">
/// <item>gRPC's own retry, inside one call and within its deadline: one more attempt when the
/// transport says Unavailable (connection refused or reset before the collector answered).
/// <see cref="GrpcAttempts"/> = 2.</item>
/// <item>Per collector, a Polly v8 pipeline: a retry after a short jittered delay on a transport
/// failure (<see cref="PollyAttempts"/> = 2 calls); a circuit breaker that stops calling a
/// collector that failed every attempt for a while (fail fast, so failover is immediate); and a
/// per-attempt timeout, the backstop of the gRPC deadline.</item>
/// <item>Across collectors, <see cref="CollectorClient"/> hands the same push to the next one.</item>
/// </list>
/// Worst case for one push with N configured collectors: 2 × 2 = 4 HTTP requests and two deadlines
/// per collector, 4N requests and about 2N × Deadline (plus under a second of retry delay each) in
/// all. Then the push fails, the delivery worker keeps the revisions in the outbox and backs off
/// (capped at MaxBackoff) before the next push: a long outage is its job, and it never gives up.
/// </summary>
public static class PushResilience
{
    /// <summary>Attempts of one gRPC call (gRPC's retry, Unavailable only).</summary>
    public const int GrpcAttempts = 2;

    /// <summary>Calls the Polly pipeline makes per push to one collector.</summary>
    public const int PollyAttempts = 2;

    /// <summary>Mean wait before the Polly retry; jittered.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>How long an open circuit refuses calls before it lets one through to try.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);

    /// <summary>The window the circuit breaker judges: every attempt in it failed, and at least <see cref="BreakAfterFailures"/>.</summary>
    public static readonly TimeSpan SamplingDuration = TimeSpan.FromMinutes(1);

    /// <summary>Failed attempts in the window (two failed pushes) before the circuit opens.</summary>
    public const int BreakAfterFailures = 4;

    /// <summary>How much longer than the gRPC deadline the per-attempt timeout waits: it only catches what ignores the deadline.</summary>
    public static readonly TimeSpan TimeoutMargin = TimeSpan.FromSeconds(1);

    /// <summary>gRPC's retry policy for every method of the channel: Unavailable only, within the call's deadline.</summary>
    public static ServiceConfig GrpcRetry() => new()
    {
        MethodConfigs =
        {
            new MethodConfig
            {
                Names = { MethodName.Default },
                RetryPolicy = new RetryPolicy
                {
                    MaxAttempts = GrpcAttempts,
                    InitialBackoff = TimeSpan.FromMilliseconds(100),
                    MaxBackoff = TimeSpan.FromSeconds(1),
                    BackoffMultiplier = 2,
                    RetryableStatusCodes = { StatusCode.Unavailable },
                },
            },
        },
    };

    /// <summary>The pipeline around a push to one collector, on the wall clock.</summary>
    /// <param name="collector">The collector's address, for the log.</param>
    /// <param name="deadline">The gRPC deadline of one call.</param>
    /// <param name="wallClock">Real time (a fake one in tests).</param>
    /// <param name="logger">Where retries are reported.</param>
    public static ResiliencePipeline Create(string collector, TimeSpan deadline, TimeProvider wallClock, ILogger logger)
    {
        var transientFailure = new PredicateBuilder().Handle<Exception>(IsTransportFailure);
        return new ResiliencePipelineBuilder { TimeProvider = wallClock, Name = collector }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = PollyAttempts - 1,
                Delay = RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = transientFailure,
                OnRetry = args =>
                {
                    logger.LogInformation("Push to collector {Collector} failed ({Reason}); trying once more in {Delay:0.00}s",
                        collector, Describe(args.Outcome.Exception!), args.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = BreakAfterFailures,
                SamplingDuration = SamplingDuration,
                BreakDuration = BreakDuration,
                ShouldHandle = transientFailure,
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = deadline + TimeoutMargin })
            .Build();
    }

    /// <summary>
    /// The collector could not be reached or did not answer in time: worth another attempt, or
    /// another collector. gRPC says Unavailable for most of these, but Internal when the HTTP
    /// request failed without a socket or I/O error under it (an HTTP/2 handshake the server
    /// did not complete), so the transport's exception decides too. A status the collector chose
    /// (Unauthenticated, ResourceExhausted, InvalidArgument ...) is an answer, not a transport
    /// failure; neither is a certificate TLS refused, which no retry changes.
    /// </summary>
    public static bool IsTransportFailure(Exception exception) => exception switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded
            || (rpc.Status.DebugException is HttpRequestException or IOException && !IsTlsRefusal(rpc)),
        TimeoutRejectedException => true,
        HttpRequestException or IOException => !IsTlsRefusal(exception),
        _ => false,
    };

    /// <summary>
    /// Whether the collector cannot be used now: a transport failure, its circuit is open, or
    /// TLS refused its certificate (gRPC reports that as Internal and does not retry it; neither
    /// does the pipeline, but another collector may well be fine).
    /// </summary>
    public static bool IsUnreachable(Exception exception) =>
        IsTransportFailure(exception) || exception is BrokenCircuitException || IsTlsRefusal(exception);

    /// <summary>The TLS handshake failed: the collector's certificate was refused, or it refused the agent's.</summary>
    public static bool IsTlsRefusal(Exception exception)
    {
        for (var cause = Cause(exception); cause is not null; cause = cause.InnerException)
        {
            if (cause is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// One line for the log: the status and the collector's words, then the innermost cause
    /// ("Connection refused", "The remote certificate is invalid because of errors in the
    /// certificate chain: UntrustedRoot").
    /// </summary>
    public static string Describe(Exception exception)
    {
        if (IsTlsRefusal(exception))
        {
            return $"TLS refused: {Innermost(exception)!.Message} (the collector's certificate must chain to Agent:Collector:CaPath, "
                + "or to the system's roots when it is empty, and name the host of the address)";
        }

        var text = exception is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : exception.Message;
        var cause = Innermost(exception);
        return cause is null || text.Contains(cause.Message, StringComparison.Ordinal) ? text : $"{text} ({cause.Message})";
    }

    // gRPC keeps the transport's exception apart from the status.
    private static Exception? Cause(Exception exception) =>
        exception is RpcException { Status.DebugException: { } debug } ? debug : exception.InnerException;

    private static Exception? Innermost(Exception exception)
    {
        var cause = Cause(exception);
        while (cause?.InnerException is not null)
        {
            cause = cause.InnerException;
        }

        return cause;
    }
}

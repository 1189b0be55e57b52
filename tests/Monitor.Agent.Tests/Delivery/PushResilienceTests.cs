using System.Security.Authentication;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Agent.Delivery;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Monitor.Agent.Tests.Delivery;

/// <summary>
/// The Polly pipeline around a push to one collector, on a fake clock: what it retries and how
/// often, when its circuit opens and closes, and its per-attempt timeout.
/// </summary>
public sealed class PushResilienceTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly DrivenClock _clock = new(TimeSpan.FromSeconds(5));
    private int _calls;

    public void Dispose() => _clock.Dispose();

    private Task PushAsync(Polly.ResiliencePipeline pipeline, Func<CancellationToken, Task> call) =>
        pipeline.ExecuteAsync(async token =>
        {
            Interlocked.Increment(ref _calls);
            await call(token);
        }, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromMinutes(1));

    private static Func<CancellationToken, Task> Fails(StatusCode code) => _ => throw new RpcException(new Status(code, "test"));

    private Polly.ResiliencePipeline Pipeline() => PushResilience.Create("http://collector", Deadline, _clock, NullLogger.Instance);

    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.DeadlineExceeded)]
    public async Task Push_TransportFailure_IsTriedTwiceThenThrown(StatusCode code)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => PushAsync(Pipeline(), Fails(code)));

        Assert.Equal(code, error.StatusCode);
        Assert.Equal(PushResilience.PollyAttempts, _calls);
        Assert.True(_clock.Driven > TimeSpan.Zero, "the retry waited on the wall clock");
    }

    [Theory]
    [InlineData(StatusCode.Unauthenticated)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.FailedPrecondition)]
    public async Task Push_CollectorsAnswer_IsNotRetried(StatusCode code)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => PushAsync(Pipeline(), Fails(code)));

        Assert.Equal(code, error.StatusCode);
        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task Push_CollectorFailingEveryAttempt_OpensTheCircuitThenLetsOneThroughAfterTheBreak()
    {
        var pipeline = Pipeline();
        await Assert.ThrowsAsync<RpcException>(() => PushAsync(pipeline, Fails(StatusCode.Unavailable)));
        await Assert.ThrowsAsync<RpcException>(() => PushAsync(pipeline, Fails(StatusCode.Unavailable)));
        var before = _calls;

        await Assert.ThrowsAsync<BrokenCircuitException>(() => PushAsync(pipeline, _ => Task.CompletedTask));
        Assert.Equal(before, _calls);

        _clock.Advance(PushResilience.BreakDuration);
        await PushAsync(pipeline, _ => Task.CompletedTask);
        Assert.Equal(before + 1, _calls);
    }

    [Fact]
    public async Task Push_AttemptThatNeverAnswers_IsTimedOutAfterTheDeadlineAndTriedOnceMore()
    {
        var started = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        var push = PushAsync(Pipeline(), async token =>
        {
            started[_calls - 1].TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
        });

        foreach (var attempt in started)
        {
            await attempt.Task.WaitAsync(TimeSpan.FromMinutes(1));
            _clock.Advance(Deadline);
            Assert.False(push.IsCompleted, "timed out at the gRPC deadline: the backstop must wait a little longer");
            _clock.Advance(PushResilience.TimeoutMargin);
        }

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => push);
        Assert.Equal(2, _calls);
    }

    [Fact]
    public void IsUnreachable_TransportFailuresAndOpenCircuit_AreUnreachable_AnswersAreNot()
    {
        Assert.True(PushResilience.IsUnreachable(new RpcException(new Status(StatusCode.Unavailable, ""))));
        Assert.True(PushResilience.IsUnreachable(new RpcException(new Status(StatusCode.DeadlineExceeded, ""))));
        Assert.True(PushResilience.IsUnreachable(new TimeoutRejectedException()));
        Assert.True(PushResilience.IsUnreachable(new BrokenCircuitException()));
        Assert.True(PushResilience.IsUnreachable(new HttpRequestException("refused")));
        Assert.False(PushResilience.IsUnreachable(new RpcException(new Status(StatusCode.Unauthenticated, ""))));
        Assert.False(PushResilience.IsUnreachable(new RpcException(new Status(StatusCode.ResourceExhausted, ""))));
        Assert.False(PushResilience.IsUnreachable(new RpcException(new Status(StatusCode.InvalidArgument, ""))));
    }

    [Fact]
    public void IsTransportFailure_InternalFromAnHttpRequestThatFailed_IsOne_UnlessTlsRefusedTheCertificate()
    {
        var handshake = new RpcException(new Status(StatusCode.Internal, "Error starting gRPC call.",
            new HttpRequestException("An HTTP/2 connection could not be established because the server did not complete the HTTP/2 handshake.")));
        var tls = new RpcException(new Status(StatusCode.Internal, "Error starting gRPC call.",
            new HttpRequestException("The SSL connection could not be established", new AuthenticationException("The remote certificate is invalid"))));
        var collectorBug = new RpcException(new Status(StatusCode.Internal, "Exception was thrown by handler."));

        Assert.True(PushResilience.IsTransportFailure(handshake));
        Assert.False(PushResilience.IsTransportFailure(tls));
        Assert.True(PushResilience.IsUnreachable(tls));
        Assert.StartsWith("TLS refused: The remote certificate is invalid", PushResilience.Describe(tls), StringComparison.Ordinal);
        Assert.False(PushResilience.IsUnreachable(collectorBug));
    }
}

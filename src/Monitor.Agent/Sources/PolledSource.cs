using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Monitor.Agent.Sources;

/// <summary>
/// A source read on its interval (the sources at one interval share one timer: see
/// <see cref="ReadSchedule"/>). Each read runs under the source's timeout: a read that throws
/// or hangs is logged with the source's name, its success metric drops to 0 and its health says
/// why, and the next tick tries again. A hung read is never run twice at once. Derived sources
/// implement <see cref="ReadAsync"/> only, and call <see cref="ThrowIfOverdue"/> between the
/// units of a synchronous read.
/// </summary>
public abstract class PolledSource : ISource
{
    private readonly SourceOptions _options;
    private readonly ILogger _logger;
    private Task<SourceReading>? _hung;
    private long _readStarted;

    /// <summary>Creates the source.</summary>
    protected PolledSource(SourceOptions options, SourceContext context)
    {
        _options = options;
        Context = context;
        _logger = context.Logs.CreateLogger(GetType());
    }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <summary>Host, clock, health, logs.</summary>
    protected SourceContext Context { get; }

    /// <summary>Reads the interface once. Counters become rates against the previous read; the first read may return gauges only.</summary>
    /// <param name="now">The time of this read.</param>
    /// <param name="cancellationToken">Cancelled at the timeout: stop, and kill any command started.</param>
    protected abstract Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>One read with the timeout and the bookkeeping, for the loop and for `sample`.</summary>
    /// <exception cref="SourceReadException">The read failed or timed out; the message names the source and the place.</exception>
    public async Task<SourceReading> ReadOnceAsync(CancellationToken cancellationToken)
    {
        if (_hung is { IsCompleted: false })
        {
            throw new SourceReadException(Name, $"the previous read is still hanging after its {_options.Timeout.TotalSeconds:0.#}s timeout");
        }

        var now = Context.Clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        _readStarted = Context.Clock.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<SourceReading>? read = null;
        try
        {
            read = ReadAsync(now, timeout.Token);
            if (!read.IsCompleted)
            {
                // Only a read still waiting after its synchronous part (a command, a request)
                // arms timers. A file read that finished arms none: two timers a read woke the
                // timer thread and a pool thread twice a second, for nothing, on an idle host.
                var left = Remaining();
                timeout.CancelAfter(left);
                // WaitAsync: a read that ignores its token is abandoned, not waited for.
                await read.WaitAsync(left, Context.Clock, cancellationToken);
            }

            var reading = await read;
            Record(started, ok: true, null);
            return reading;
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // WaitAsync can give up before CancelAfter fires, and disposing the source below would
            // then never cancel: cancel now, so the read stops and kills what it started.
            await timeout.CancelAsync();
            _hung = read!;
            var error = new SourceReadException(Name, $"no answer within its {_options.Timeout.TotalSeconds:0.#}s timeout", e);
            Record(started, ok: false, error.Message);
            throw error;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var error = e as SourceReadException ?? new SourceReadException(Name, e.Message, e);
            Record(started, ok: false, error.Message);
            throw error;
        }
    }

    /// <summary>
    /// For a read's synchronous part, between its units (a port, a device, a mount): stops the
    /// read once its timeout has passed, as the token does for a read that awaits. The
    /// synchronous part arms no timer, so it is held to its timeout here.
    /// </summary>
    /// <exception cref="OperationCanceledException">The timeout has passed, or the agent is stopping.</exception>
    protected void ThrowIfOverdue(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Remaining() == TimeSpan.Zero)
        {
            throw new OperationCanceledException($"{Name}: the read ran past its {_options.Timeout.TotalSeconds:0.#}s timeout");
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<SourceBatch> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var ticks = Context.Schedule.Every(_options.Interval);
        do
        {
            SourceReading? reading = null;
            try
            {
                reading = await ReadOnceAsync(cancellationToken);
            }
            catch (SourceReadException e)
            {
                _logger.LogError("{Error}; the other sources keep running", e.Message);
            }

            if (reading is not null)
            {
                yield return new SourceBatch(Name, Context.Clock.GetUtcNow(), reading.Samples, reading.Events) { Sightings = reading.Sightings };
            }
        }
        while (await ticks.WaitForNextTickAsync(cancellationToken));
    }

    private TimeSpan Remaining()
    {
        var left = _options.Timeout - Context.Clock.GetElapsedTime(_readStarted);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private void Record(long started, bool ok, string? error)
    {
        Context.Metrics.SourceDuration.WithLabels(Name).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        Context.Metrics.SourceUp.WithLabels(Name).Set(ok ? 1 : 0);
        if (ok)
        {
            Context.Health.Succeeded(Name, Context.Clock.GetUtcNow());
        }
        else
        {
            Context.Health.Failed(Name, Context.Clock.GetUtcNow(), error!);
        }
    }
}

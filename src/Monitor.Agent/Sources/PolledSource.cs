using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Monitor.Agent.Sources;

/// <summary>
/// A source read on its own interval. Each read runs under the source's timeout: a read that
/// throws or hangs is logged with the source's name, its success metric drops to 0 and its
/// health says why, and the next tick tries again. A hung read is never run twice at once.
/// Derived sources implement <see cref="ReadAsync"/> only.
/// </summary>
public abstract class PolledSource : ISource
{
    private readonly SourceOptions _options;
    private readonly ILogger _logger;
    private Task<SourceReading>? _hung;

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
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        Task<SourceReading>? read = null;
        try
        {
            read = ReadAsync(now, timeout.Token);
            // WaitAsync: a read that ignores its token is abandoned, not waited for.
            var reading = await read.WaitAsync(_options.Timeout, Context.Clock, cancellationToken);
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

    /// <inheritdoc/>
    public async IAsyncEnumerable<SourceBatch> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.Interval, Context.Clock);
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
        while (await timer.WaitForNextTickAsync(cancellationToken));
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

namespace Monitor.EndToEnd.Tests.Chaos;

/// <summary>
/// A load balancer's view of the collector: <c>GET /healthz</c> every 100 ms, each answer's
/// latency kept with whether the collector was meant to be up for the whole of it (the test
/// marks the window from its kill until the restart listens).
/// </summary>
internal sealed class HealthProbe(ChaosCollector collector, ChaosClock clock)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private readonly List<Sample> _samples = [];
    private int _downSince = -1;
    private int _downWindows;

    /// <summary>Every probe so far.</summary>
    public IReadOnlyList<Sample> Samples
    {
        get
        {
            lock (_lock)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>The collector is going down on purpose: probes from now on until <see cref="Up"/> do not count.</summary>
    public void Down()
    {
        lock (_lock)
        {
            _downSince = _downWindows;
        }
    }

    /// <summary>The collector listens again.</summary>
    public void Up()
    {
        lock (_lock)
        {
            _downSince = -1;
            _downWindows++;
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            int windows;
            bool down;
            lock (_lock)
            {
                windows = _downWindows;
                down = _downSince >= 0;
            }

            var started = clock.Now;
            string answer;
            try
            {
                using var response = await collector.Http.GetAsync(new Uri("/healthz", UriKind.Relative), stop);
                answer = $"{(int)response.StatusCode} {(await response.Content.ReadAsStringAsync(stop)).Trim()}";
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                answer = $"no answer ({ex.GetType().Name}: {ex.Message})";
            }

            var latency = clock.Now - started;
            lock (_lock)
            {
                // Counted only if the collector was meant to be up from the probe's start to its end.
                var counted = !down && _downSince < 0 && _downWindows == windows;
                _samples.Add(new Sample(started, latency, answer, counted));
            }

            var pause = Interval - latency;
            if (pause > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(pause, clock.Time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One probe: when it started (run time), how long the answer took, the answer, and whether it counts.</summary>
    public sealed record Sample(TimeSpan At, TimeSpan Latency, string Answer, bool Counted)
    {
        public bool Answered => !Answer.StartsWith("no answer", StringComparison.Ordinal);
    }
}

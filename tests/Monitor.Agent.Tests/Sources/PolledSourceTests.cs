using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Telemetry;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Sources;

/// <summary>The source framework: timeouts, isolation, health, and `sample`.</summary>
public sealed class PolledSourceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static SourceContext Context(TimeProvider clock, SourceHealth? health = null) =>
        new("mail01", clock, health ?? new SourceHealth(), NullLoggerFactory.Instance, new AgentMetrics());

    /// <summary>A source under test's control: returns a sample, throws, or never answers.</summary>
    private sealed class ScriptedSource(SourceOptions options, SourceContext context, Func<DateTimeOffset, CancellationToken, Task<SourceReading>> read)
        : PolledSource(options, context)
    {
        public override string Name => "scripted";

        protected override Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) => read(now, cancellationToken);
    }

    private static Task<SourceReading> OneSample(DateTimeOffset now, CancellationToken _) =>
        Task.FromResult(new SourceReading([new Sample(now, "mail01/sdc", MetricCatalog.BlockReadIops, 42)]));

    [Fact]
    public async Task ReadOnceAsync_ReadThatNeverAnswers_IsAbandonedAtTheTimeoutAndReported()
    {
        var clock = new FakeTimeProvider(Start);
        var health = new SourceHealth();
        var never = new TaskCompletionSource<SourceReading>();
        var source = new ScriptedSource(new SourceOptions { Timeout = TimeSpan.FromSeconds(10) }, Context(clock, health), (_, _) => never.Task);

        var reading = source.ReadOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => reading);
        Assert.Equal("source scripted: no answer within its 10s timeout", error.Message);
        Assert.False(health.All["scripted"].Ok);
        var again = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));
        Assert.Contains("previous read is still hanging", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnceAsync_Timeout_CancelsTheReadsToken()
    {
        var clock = new FakeTimeProvider(Start);
        var cancelled = new TaskCompletionSource();
        var source = new ScriptedSource(new SourceOptions { Timeout = TimeSpan.FromSeconds(10) }, Context(clock), async (_, token) =>
        {
            token.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.InfiniteTimeSpan, CancellationToken.None);
            return new SourceReading([]);
        });

        var reading = source.ReadOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<SourceReadException>(() => reading);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A synchronous read of units (ports, devices), each taking <paramref name="each"/> on the clock.</summary>
    private sealed class UnitsSource(SourceOptions options, SourceContext context, FakeTimeProvider clock, TimeSpan each, int units)
        : PolledSource(options, context)
    {
        public int Read { get; private set; }

        public override string Name => "units";

        protected override Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
        {
            for (var i = 0; i < units; i++)
            {
                ThrowIfOverdue(cancellationToken);
                clock.Advance(each);
                Read++;
            }

            return Task.FromResult(new SourceReading([]));
        }
    }

    [Fact]
    public async Task ReadOnceAsync_SynchronousReadRunsPastItsTimeout_StopsAtTheNextUnitAndIsReported()
    {
        var clock = new FakeTimeProvider(Start);
        var health = new SourceHealth();
        var source = new UnitsSource(new SourceOptions { Timeout = TimeSpan.FromSeconds(10) }, Context(clock, health), clock, TimeSpan.FromSeconds(4), units: 8);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        // Checked at 0, 4 and 8 s: the fourth unit, at 12 s, is not started.
        Assert.Equal(3, source.Read);
        Assert.Equal("source units: no answer within its 10s timeout", error.Message);
        Assert.Equal(error.Message, health.All["units"].Error);
    }

    [Fact]
    public async Task ReadOnceAsync_SynchronousReadWithinItsTimeout_ReadsEveryUnit()
    {
        var clock = new FakeTimeProvider(Start);
        var health = new SourceHealth();
        var source = new UnitsSource(new SourceOptions { Timeout = TimeSpan.FromSeconds(10) }, Context(clock, health), clock, TimeSpan.FromSeconds(1), units: 8);

        await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(8, source.Read);
        Assert.True(health.All["units"].Ok);
    }

    [Fact]
    public async Task ReadOnceAsync_ReadThatAwaitsAfterASlowStart_IsGivenWhatIsLeftOfItsTimeout()
    {
        var clock = new FakeTimeProvider(Start);
        var never = new TaskCompletionSource<SourceReading>();
        var source = new ScriptedSource(new SourceOptions { Timeout = TimeSpan.FromSeconds(10) }, Context(clock), (_, _) =>
        {
            clock.Advance(TimeSpan.FromSeconds(6)); // the synchronous part: starting a command, say
            return never.Task;
        });

        var reading = source.ReadOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(3.9));
        Assert.False(reading.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));

        // Bounded: given a whole timeout from where it awaits, the read would not end here at all.
        var error = await Assert.ThrowsAsync<SourceReadException>(() => reading.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("source scripted: no answer within its 10s timeout", error.Message);
    }

    [Fact]
    public async Task ReadOnceAsync_ReadThatThrows_NamesTheSourceAndRecordsTheFailure()
    {
        var health = new SourceHealth();
        var source = new ScriptedSource(new SourceOptions(), Context(TimeProvider.System, health),
            (_, _) => throw new InvalidDataException("/proc/diskstats line 3: 9 fields, expected 14, 18 or 20"));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal("source scripted: /proc/diskstats line 3: 9 fields, expected 14, 18 or 20", error.Message);
        Assert.Equal(error.Message, health.All["scripted"].Error);
    }

    [Fact]
    public async Task ReadOnceAsync_GoodRead_RecordsSuccess()
    {
        var health = new SourceHealth();
        var source = new ScriptedSource(new SourceOptions(), Context(TimeProvider.System, health), OneSample);

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(42, Assert.Single(reading.Samples).Value);
        Assert.True(health.All["scripted"].Ok);
    }

    /// <summary>A source whose whole run fails at once, and one that produces three batches.</summary>
    private sealed class StreamSource(string name, int batches, bool crash) : ISource
    {
        public string Name => name;

        public async IAsyncEnumerable<SourceBatch> RunAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            if (crash)
            {
                throw new IOException("/sys/class/fc_host vanished");
            }

            for (var i = 0; i < batches; i++)
            {
                yield return new SourceBatch(name, Start.AddSeconds(i), [], []);
            }
        }
    }

    [Fact]
    public async Task SourceRunner_OneSourceCrashes_TheOtherKeepsProducingAndHealthSaysWhich()
    {
        var channel = Channel.CreateUnbounded<SourceBatch>();
        var health = new SourceHealth();
        var runner = new SourceRunner(
            [new StreamSource("broken", 0, crash: true), new StreamSource("good", 3, crash: false)],
            channel.Writer, health, TimeProvider.System, new AgentMetrics(), NullLogger<SourceRunner>.Instance);

        await runner.StartAsync(CancellationToken.None);
        var received = new List<SourceBatch>();
        await foreach (var batch in channel.Reader.ReadAllAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token))
        {
            received.Add(batch);
        }

        Assert.Equal(3, received.Count);
        Assert.All(received, b => Assert.Equal("good", b.Source));
        Assert.Equal("/sys/class/fc_host vanished", health.All["broken"].Error);
    }

    [Fact]
    public async Task SourceRunner_PolledSource_ObservesEachReadOnceForItsOwnDuration()
    {
        // Three reads, the clock moved an interval between them: the histogram holds one
        // observation per read. The runner used to add its own, the time since the previous
        // batch (the wait between reads), so every read was observed twice.
        var clock = new FakeTimeProvider(Start);
        var metrics = new AgentMetrics();
        var options = new SourceOptions { Interval = TimeSpan.FromMinutes(1), Timeout = TimeSpan.FromSeconds(10) };
        var source = new ScriptedSource(options, Context(clock) with { Metrics = metrics }, OneSample);
        var channel = Channel.CreateUnbounded<SourceBatch>();
        var runner = new SourceRunner([source], channel.Writer, new SourceHealth(), clock, metrics, NullLogger<SourceRunner>.Instance);

        await runner.StartAsync(CancellationToken.None);
        for (var read = 1; read <= 3; read++)
        {
            await channel.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            clock.Advance(options.Interval);
        }

        await runner.StopAsync(CancellationToken.None);
        var durations = metrics.SourceDuration.WithLabels("scripted");
        Assert.InRange(durations.Count, 3, 4); // the fourth read may have started before the stop
    }

    [Fact]
    public async Task SampleCommand_GoodSource_PrintsOpenMetricsThatReadsBack()
    {
        var definition = new SourceDefinition<SourceOptions>("scripted", (o, c) => new ScriptedSource(o, c, OneSample));
        var output = new StringWriter();

        var code = await SampleCommand.RunAsync(definition, new SourcesOptions(), Context(TimeProvider.System), output, TextWriter.Null, CancellationToken.None, TimeSpan.Zero);

        Assert.Equal(0, code);
        var problems = new List<InputProblem>();
        var sample = Assert.Single(OpenMetricsReader.Read(new StringReader(output.ToString()), "sample", problems.Add));
        Assert.Empty(problems);
        Assert.Equal(("mail01/sdc", MetricCatalog.BlockReadIops, 42.0), (sample.Entity, sample.Metric, sample.Value));
    }

    [Fact]
    public async Task SampleCommand_FailingSource_ExitsOneWithTheSourceNamed()
    {
        var definition = new SourceDefinition<SourceOptions>("scripted",
            (o, c) => new ScriptedSource(o, c, (_, _) => throw new FileNotFoundException("/proc/diskstats not found")));
        var error = new StringWriter();

        var code = await SampleCommand.RunAsync(definition, new SourcesOptions(), Context(TimeProvider.System), TextWriter.Null, error, CancellationToken.None, TimeSpan.Zero);

        Assert.Equal(1, code);
        Assert.Contains("source scripted: /proc/diskstats not found", error.ToString(), StringComparison.Ordinal);
    }
}

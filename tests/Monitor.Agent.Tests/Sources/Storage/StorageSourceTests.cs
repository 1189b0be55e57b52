using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Agent.Sources;
using Monitor.Agent.Telemetry;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>
/// The storage sources' tests run one class at a time: they assert the agent's process-wide
/// success gauge (monitor_agent_source_up), and some run real programs on the machine's disk.
/// </summary>
[CollectionDefinition(Name)]
public sealed class StorageSourceTests
{
    public const string Name = "storage sources";

    public static readonly DateTimeOffset Start = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The metrics every storage source under test counts in (the tests of this collection run one at a time).</summary>
    internal static AgentMetrics Metrics { get; } = new();

    internal static SourceContext Context(TimeProvider clock, ILoggerFactory? logs = null) =>
        new("mail01", clock, new SourceHealth(), logs ?? NullLoggerFactory.Instance, Metrics);

    internal static double SourceUp(string source) => Metrics.SourceUp.WithLabels(source).Value;

    internal static Dictionary<(string Entity, string Metric), double> ByKey(IEnumerable<Sample> samples) =>
        samples.ToDictionary(s => (s.Entity, s.Metric), s => s.Value);

    internal static double Value(IEnumerable<Sample> samples, string entity, string metric) =>
        samples.Single(s => s.Entity == entity && s.Metric == metric).Value;
}

/// <summary>Log lines written through it, for assertions.</summary>
internal sealed class CollectingLogs : ILoggerFactory, ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue((logLevel, formatter(state, exception)));
    }
}

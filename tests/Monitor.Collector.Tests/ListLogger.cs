using Microsoft.Extensions.Logging;

namespace Monitor.Collector.Tests;

/// <summary>Keeps every message logged to it, with its level, for a test to read.</summary>
internal class ListLogger : ILogger
{
    private readonly List<(LogLevel Level, string Text)> _messages = [];

    /// <summary>The messages so far, oldest first (a copy: the code under test may still be logging).</summary>
    public List<(LogLevel Level, string Text)> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_messages)
        {
            _messages.Add((logLevel, formatter(state, exception)));
        }
    }
}

/// <summary>A <see cref="ListLogger"/> for a class that asks for its own <see cref="ILogger{TCategoryName}"/>.</summary>
internal sealed class ListLogger<T> : ListLogger, ILogger<T>;

using System.Collections.Concurrent;

namespace Monitor.Agent.Sources;

/// <summary>How each source is doing, for /healthz and the logs.</summary>
public sealed class SourceHealth
{
    private readonly ConcurrentDictionary<string, SourceStatus> _status = new(StringComparer.Ordinal);

    /// <summary>Every source's last status.</summary>
    public IReadOnlyDictionary<string, SourceStatus> All => _status;

    /// <summary>Records a good read.</summary>
    public void Succeeded(string source, DateTimeOffset at) => _status[source] = new SourceStatus(true, at, null);

    /// <summary>Records a failed read.</summary>
    public void Failed(string source, DateTimeOffset at, string error) => _status[source] = new SourceStatus(false, at, error);
}

/// <summary>A source's last outcome.</summary>
/// <param name="Ok">Whether the last read worked.</param>
/// <param name="At">When.</param>
/// <param name="Error">What went wrong, if it failed.</param>
public sealed record SourceStatus(bool Ok, DateTimeOffset At, string? Error);

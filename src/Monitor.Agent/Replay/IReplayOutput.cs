using Monitor.Agent.Detection;

namespace Monitor.Agent.Replay;

/// <summary>Where a replay's timeline goes: text for a person, JSON lines for a backtest.</summary>
public interface IReplayOutput : IDetectionObserver
{
    /// <summary>Writes the end-of-replay summary.</summary>
    void WriteSummary(IReadOnlyDictionary<string, string> incidentUrls);
}

namespace Monitor.Agent.Sources;

/// <summary>The replay source.</summary>
public sealed class ReplaySourceOptions
{
    /// <summary>Whether the source runs. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Scenario folder (metrics.om, events.jsonl, topology.json).</summary>
    public string Path { get; set; } = "";

    /// <summary>How many times faster than real time; 0 plays as fast as the machine can. Default 600.</summary>
    public double Speed { get; set; } = 600;

    /// <summary>"text" (the timeline for a person) or "json" (JSON lines for a backtest). Default "text".</summary>
    public string Output { get; set; } = "text";

    /// <summary>Print progress every this much scenario time. Default 30 minutes; zero turns progress off.</summary>
    public TimeSpan ProgressEvery { get; set; } = TimeSpan.FromMinutes(30);
}

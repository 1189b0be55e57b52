namespace Monitor.Conventions.Tests.Documentation;

/// <summary>Options shaped like the real ones, for the settings page's own tests.</summary>
public sealed class SampleOptions
{
    /// <summary>What new instances start with; a test changes it to see the page follow.</summary>
    internal static TimeSpan DefaultInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time between two reads.</summary>
    public TimeSpan Interval { get; set; } = DefaultInterval;

    /// <summary>Names read.</summary>
    public IReadOnlyList<string> Names { get; set; } = ["a", "b"];

    /// <summary>A nested section.</summary>
    public SampleInnerOptions Inner { get; set; } = new();
}

/// <summary>A nested section of <see cref="SampleOptions"/>.</summary>
public sealed class SampleInnerOptions
{
    /// <summary>Whether it runs.</summary>
    public bool Enabled { get; set; }
}

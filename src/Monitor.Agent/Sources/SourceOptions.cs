namespace Monitor.Agent.Sources;

/// <summary>What every polled source has in config (Agent:Sources:&lt;Name&gt;). Sources derive their own options from it.</summary>
public class SourceOptions
{
    /// <summary>Whether the source runs. Default false: a source is switched on by name.</summary>
    public bool Enabled { get; set; }

    /// <summary>Time between two reads. Default 15 seconds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A read that takes longer is abandoned (a command is killed) and counted as failed. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Root every path is read under, so tests and `sample --root` point at a captured tree. Default "/".</summary>
    public string Root { get; set; } = "/";

    /// <summary>A saved output (a command's or a log file) to read instead of the live interface. Default empty: live.</summary>
    public string InputFile { get; set; } = "";

    /// <summary>One message per problem with this source's own settings, beyond the ones every source has: "KEY = 'VALUE' is not valid: expected ...".</summary>
    /// <param name="keyPrefix">The section, e.g. "Agent:Sources:Redfish".</param>
    public virtual IEnumerable<string> Validate(string keyPrefix) => [];

    /// <summary>A path under <see cref="Root"/>: "/proc/diskstats" under "/tmp/tree" is "/tmp/tree/proc/diskstats".</summary>
    public string UnderRoot(string absolutePath) =>
        Path.Combine(Root, absolutePath.TrimStart('/'));
}

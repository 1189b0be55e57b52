using System.Reflection;

namespace Monitor.Contracts;

/// <summary>
/// Which build a program is: its release version and the source revision it was built from, read
/// from the assembly's informational version ("0.9.0+da1e7bc…", which the SDK writes from the
/// project's Version and the git commit). The agent reports it on the wire; both programs print
/// it for --version and publish it as monitor_build_info.
/// </summary>
/// <param name="Version">The release version, e.g. "0.9.0".</param>
/// <param name="Revision">The source revision (a git commit), or "unknown" when the build did not record one.</param>
public sealed record ProgramVersion(string Version, string Revision)
{
    /// <summary>The version of the program whose entry assembly holds <paramref name="type"/>.</summary>
    public static ProgramVersion Of(Type type)
    {
        var informational = type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? new ProgramVersion(informational, "unknown")
            : new ProgramVersion(informational[..plus], informational[(plus + 1)..]);
    }

    /// <summary>The short revision, as `git log --oneline` shows it.</summary>
    public string ShortRevision => Revision.Length > 12 ? Revision[..12] : Revision;

    /// <summary>"monitor-agent 0.9.0 (da1e7bc9f1f6, .NET 10.0.0)": the --version line.</summary>
    public string Describe(string program) => $"{program} {Version} ({ShortRevision}, .NET {Environment.Version})";
}

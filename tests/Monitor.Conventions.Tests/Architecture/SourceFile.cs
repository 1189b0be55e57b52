using System.Text.RegularExpressions;

namespace Monitor.Conventions.Tests.Architecture;

/// <summary>One C# file of a project under src/, with the room it sits in and the rooms it names.</summary>
/// <param name="Project">The project's short name: "Core", "Agent", "Collector".</param>
/// <param name="RelativePath">Path inside the project, with '/' separators.</param>
/// <param name="Room">The top folder inside the project, or "" for a file at the project's root.</param>
/// <param name="Namespace">The file's declared namespace.</param>
/// <param name="References">Every Monitor namespace the file names (usings and qualified names).</param>
internal sealed partial record SourceFile(string Project, string RelativePath, string Room, string Namespace, IReadOnlyList<string> References)
{
    /// <summary>Reads every hand-written .cs file of the projects under src/.</summary>
    public static IReadOnlyList<SourceFile> ReadAll(string srcDirectory)
    {
        var files = new List<SourceFile>();
        foreach (var projectDir in Directory.GetDirectories(srcDirectory, "Monitor.*"))
        {
            var project = Path.GetFileName(projectDir)["Monitor.".Length..];
            foreach (var path in Directory.EnumerateFiles(projectDir, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(projectDir, path).Replace('\\', '/');
                if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal))
                {
                    continue;
                }

                files.Add(Read(project, relative, File.ReadAllText(path)));
            }
        }

        return files;
    }

    /// <summary>Reads one file's text.</summary>
    public static SourceFile Read(string project, string relativePath, string text)
    {
        var slash = relativePath.IndexOf('/', StringComparison.Ordinal);
        var room = slash < 0 ? "" : relativePath[..slash];
        var declared = NamespaceLine().Match(text) is { Success: true } m ? m.Groups[1].Value : "";
        // Comments name rooms too ("see Delivery/..."); only code counts.
        var code = Comments().Replace(StringLiterals().Replace(text, "\"\""), "");
        var references = MonitorName().Matches(code)
            .Select(r => r.Value)
            .Where(r => r != declared)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new SourceFile(project, relativePath, room, declared, references);
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex StringLiterals();

    // Monitor.<Project>.<Room>: what a using or a qualified name points at.
    [GeneratedRegex(@"\bMonitor\.(?:Core|Agent|Collector|Contracts)(?:\.[A-Z]\w*)?")]
    private static partial Regex MonitorName();
}

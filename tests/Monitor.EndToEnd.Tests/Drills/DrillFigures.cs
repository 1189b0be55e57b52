using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>
/// The figures a drill measured, for the release note: to the test output and to
/// TestResults/delivery-drills/&lt;drill&gt;.md at the repository's root.
/// </summary>
internal sealed class DrillFigures(string drill)
{
    private readonly List<(string Name, string Value)> _rows = [];

    public DrillFigures Add(string name, object value)
    {
        _rows.Add((name, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
        return this;
    }

    public DrillFigures Add(string name, TimeSpan value) => Add(name, $"{value.TotalSeconds:0.00} s");

    public void Write(ITestOutputHelper output)
    {
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"### {drill}").AppendLine()
            .AppendLine("| figure | value |").AppendLine("|---|---|");
        foreach (var (name, value) in _rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
        }

        output.WriteLine(text.ToString());
        var folder = Path.Combine(RepositoryPaths.Root, "TestResults", "delivery-drills");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, drill.ToLowerInvariant().Replace(' ', '-') + ".md");
        File.WriteAllText(file, text.ToString());
        output.WriteLine($"written to {file}");
    }
}

using System.Text.RegularExpressions;

namespace Monitor.EndToEnd.Tests.StockAlerts;

/// <summary>The stock rules file.</summary>
internal static partial class StockRules
{
    /// <summary>Every alert name the rules file defines, in file order.</summary>
    public static IReadOnlyList<string> AlertNames(string path) =>
        [.. File.ReadLines(path).Select(l => AlertLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    [GeneratedRegex(@"^\s*-\s*alert:\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")]
    private static partial Regex AlertLine();
}

using System.Text.RegularExpressions;

namespace Monitor.EndToEnd.Tests.SelfMonitoring;

/// <summary>
/// The alerts a failed <c>promtool test rules</c> run names: each failure starts with a line
/// "alertname: NAME, time: 12m," followed by what was expected and what was got.
/// </summary>
internal static partial class PromtoolTestFailures
{
    /// <summary>"NAME at 12m", once per failed expectation, in promtool's order.</summary>
    public static IReadOnlyList<string> Parse(string output) =>
        [.. FailureLine().Matches(output).Select(m => $"{m.Groups[1].Value} at {m.Groups[2].Value}")];

    [GeneratedRegex(@"^\s*alertname:\s*([A-Za-z_][A-Za-z0-9_]*),\s*time:\s*([0-9a-z]+),", RegexOptions.Multiline)]
    private static partial Regex FailureLine();
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Monitor.EndToEnd.Tests.StockAlerts;

/// <summary>
/// Reads `promtool test rules` output for tests whose exp_alerts are empty: each failure lists
/// the alerts that did fire at one evaluation time. Strict: a line it does not know is reported,
/// never skipped, so a change in promtool's format fails the test instead of hiding alerts.
/// </summary>
internal static partial class PromtoolOutput
{
    public static (List<(TimeSpan At, StockAlert Alert)> Firing, List<string> Unexplained) Parse(string output)
    {
        var firing = new List<(TimeSpan, StockAlert)>();
        var unexplained = new List<string>();
        TimeSpan? at = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("Unit Testing:", StringComparison.Ordinal) || line is "FAILED:" or "SUCCESS" or "exp:[]," or "got:[" or "]"
                || Index().IsMatch(line) || line.StartsWith("Annotations:{", StringComparison.Ordinal))
            {
                continue;
            }

            if (Failure().Match(line) is { Success: true } failure && TryDuration(failure.Groups["time"].Value, out var time))
            {
                at = time;
            }
            else if (at is { } when && line.StartsWith("Labels:{", StringComparison.Ordinal) && line.EndsWith('}') && TryAlert(line["Labels:".Length..], out var alert))
            {
                firing.Add((when, alert));
            }
            else
            {
                unexplained.Add(line);
            }
        }

        return (firing, unexplained);
    }

    /// <summary>A label set as Go prints it: <c>{a="b", c="d\"e"}</c>.</summary>
    public static Dictionary<string, string> Labels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 1;
        while (true)
        {
            while (i < text.Length && text[i] is ',' or ' ')
            {
                i++;
            }

            if (i >= text.Length - 1)
            {
                return text.Length >= 2 && text[0] == '{' && text[^1] == '}' ? labels : throw new FormatException(text);
            }

            var equals = text.IndexOf("=\"", i, StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new FormatException(text);
            }

            var name = text[i..equals];
            var value = new StringBuilder();
            for (i = equals + 2; i < text.Length - 1 && text[i] != '"'; i++)
            {
                if (text[i] == '\\')
                {
                    i++;
                    value.Append(text[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var c => c });
                }
                else
                {
                    value.Append(text[i]);
                }
            }

            if (i >= text.Length - 1)
            {
                throw new FormatException(text);
            }

            i++;
            labels[name] = value.ToString();
        }
    }

    private static bool TryAlert(string labelSet, out StockAlert alert)
    {
        try
        {
            alert = StockAlert.From(labelSet);
            return alert.Name.Length > 0;
        }
        catch (FormatException)
        {
            alert = null!;
            return false;
        }
    }

    // Prometheus durations as promtool prints them: "0s", "2m", "7h31m", "1d2h5m".
    private static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = DurationPattern().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return false;
        }

        long Part(string unit) => match.Groups[unit].Success ? long.Parse(match.Groups[unit].Value, CultureInfo.InvariantCulture) : 0;
        duration = TimeSpan.FromDays((Part("y") * 365) + (Part("w") * 7) + Part("d"))
            + TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s")) + TimeSpan.FromMilliseconds(Part("ms"));
        return true;
    }

    [GeneratedRegex(@"^alertname: (?<name>[^,]+), time: (?<time>[0-9a-z]+),$")]
    private static partial Regex Failure();

    [GeneratedRegex(@"^\d+:$")]
    private static partial Regex Index();

    [GeneratedRegex(@"^(?:(?<y>\d+)y)?(?:(?<w>\d+)w)?(?:(?<d>\d+)d)?(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?(?:(?<ms>\d+)ms)?$")]
    private static partial Regex DurationPattern();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>
/// What the collector answered, added up from its log ("Push from agent A (h): 3 stored, 1
/// duplicate, 0 stale"): how many revisions were stored, acknowledged again as duplicates, or
/// came older than one already stored.
/// </summary>
internal sealed partial record PushOutcomes(int Pushes, int Stored, int Duplicate, int Stale, int LargestPush)
{
    public static PushOutcomes Read(IEnumerable<string> log)
    {
        int pushes = 0, stored = 0, duplicate = 0, stale = 0, largest = 0;
        foreach (var line in log)
        {
            var match = PushLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var (s, d, t) = (Number(match, "stored"), Number(match, "duplicate"), Number(match, "stale"));
            pushes++;
            stored += s;
            duplicate += d;
            stale += t;
            largest = Math.Max(largest, s + d + t);
        }

        return new PushOutcomes(pushes, stored, duplicate, stale, largest);
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Push from agent .*: (?<stored>\d+) stored, (?<duplicate>\d+) duplicate, (?<stale>\d+) stale")]
    private static partial Regex PushLine();
}

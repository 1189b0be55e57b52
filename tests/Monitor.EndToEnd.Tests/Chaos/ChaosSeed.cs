using System.Globalization;

namespace Monitor.EndToEnd.Tests.Chaos;

/// <summary>The run's seed: fixed, so a failure replays; MONITOR_CHAOS_SEED picks another.</summary>
internal static class ChaosSeed
{
    public const string Variable = "MONITOR_CHAOS_SEED";

    public const int Default = 20261202;

    public static int Read()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new InvalidOperationException($"{Variable}='{text}' is not a whole number (e.g. {Variable}={Default})");
    }
}

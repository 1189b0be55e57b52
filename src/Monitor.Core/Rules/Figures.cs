using System.Globalization;

namespace Monitor.Core.Rules;

/// <summary>Numbers as explanations print them, the same on every machine whatever its culture.</summary>
internal static class Figures
{
    public static string Percent(double? share) =>
        share is { } s ? (s * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "unknown";

    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Milliseconds(double seconds) =>
        (seconds * 1000).ToString(seconds >= 0.1 ? "0" : "0.#", CultureInfo.InvariantCulture) + " ms";

    public static string Seconds(double seconds) =>
        seconds >= 10 ? seconds.ToString("0", CultureInfo.InvariantCulture) + " s"
        : seconds >= 1 ? seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : seconds >= 0.1 ? seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s"
        : Milliseconds(seconds);

    public static string Times(double ratio) => ratio.ToString(ratio >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture) + "×";

    public static string Bytes(double bytesPerSecond) =>
        bytesPerSecond >= 1e9
            ? (bytesPerSecond / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + " GB"
            : (bytesPerSecond / 1e6).ToString("0", CultureInfo.InvariantCulture) + " MB";

    /// <summary>Whether a sentence prints a figure that is not a number (NaN, ±Infinity or ∞, as .NET writes them).</summary>
    public static bool ShowsNonFinite(string sentence) =>
        sentence.Contains("NaN", StringComparison.Ordinal) || sentence.Contains("Infinity", StringComparison.Ordinal) || sentence.Contains('∞', StringComparison.Ordinal);

    public static string Minutes(TimeSpan span) =>
        span.TotalMinutes < 90
            ? ((int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min"
            : $"{(int)span.TotalHours}h{span.Minutes:00}m";
}

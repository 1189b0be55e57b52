using System.Globalization;

namespace Monitor.Core.Findings.Messages;

/// <summary>Durations and amounts as each language writes them, the same on every machine whatever its culture.</summary>
internal static class MessageFigures
{
    /// <summary>"12 ms", "4.2 s", "45 min", "3h38m", "3 days"; "12ミリ秒", "4.2秒", "45分", "3時間38分", "3日".</summary>
    public static string Duration(double seconds, bool japanese)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return seconds switch
        {
            < 0.1 => Number(seconds * 1000, "0.#") + (japanese ? "ミリ秒" : " ms"),
            < 1 => Number(seconds * 1000, "0") + (japanese ? "ミリ秒" : " ms"),
            < 10 => Number(seconds, "0.0") + (japanese ? "秒" : " s"),
            < 60 => Number(seconds, "0") + (japanese ? "秒" : " s"),
            < 90 * 60 => Number((int)span.TotalMinutes, "0") + (japanese ? "分" : " min"),
            < 48 * 3600 => japanese
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}時間{span.Minutes:00}分")
                : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m"),
            _ => Number((int)span.TotalDays, "0") + (japanese ? "日" : " days"),
        };
    }

    /// <summary>"40 ms", "1869 ms", "2.5 ms": a latency, always in milliseconds so that figures side by side compare.</summary>
    public static string Milliseconds(double seconds, bool japanese) =>
        Number(seconds * 1000, seconds >= 0.1 ? "0" : "0.#") + (japanese ? "ミリ秒" : " ms");

    /// <summary>"800 MB", "1.2 GB" (decimal units, as arrays are rated); Japanese writes no space.</summary>
    public static string Bytes(double bytes, bool japanese)
    {
        var (value, unit) = bytes switch
        {
            >= 1e12 => (Number(bytes / 1e12, "0.#"), "TB"),
            >= 1e9 => (Number(bytes / 1e9, "0.#"), "GB"),
            >= 1e6 => (Number(bytes / 1e6, "0"), "MB"),
            _ => (Number(bytes / 1e3, "0"), "kB"),
        };
        return japanese ? value + unit : $"{value} {unit}";
    }

    /// <summary>"290.0 GiB", "512.0 MiB": a filesystem's space, in the units df writes.</summary>
    public static string BinaryBytes(double bytes, bool japanese)
    {
        var (value, unit) = bytes >= 1 << 30 ? (Number(bytes / (1 << 30), "0.0"), "GiB") : (Number(bytes / (1 << 20), "0.0"), "MiB");
        return japanese ? value + unit : $"{value} {unit}";
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

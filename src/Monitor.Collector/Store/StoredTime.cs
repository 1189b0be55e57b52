using System.Globalization;

namespace Monitor.Collector.Store;

/// <summary>
/// Times in the database as fixed-width UTC text: readable with <c>sqlite3</c>, and text order
/// is time order, so <c>ORDER BY opened_at</c> needs no conversion.
/// </summary>
internal static class StoredTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Of(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

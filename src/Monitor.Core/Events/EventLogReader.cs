using System.Text.Json;
using Monitor.Core.Signals;

namespace Monitor.Core.Events;

/// <summary>
/// Reads events as JSON lines: <c>{"time": "2017-01-13T08:53:00+09:00", "kind": "change"|"log"|"note",
/// "entity": "ctl-a", "source": "storage-syslog", "text": "..."}</c>. A line it cannot use is
/// reported and skipped; unknown fields are ignored so newer writers stay readable.
/// </summary>
public static class EventLogReader
{
    /// <summary>Reads every usable event, lazily, in file order.</summary>
    public static IEnumerable<SiteEvent> Read(TextReader reader, string sourceName, Action<InputProblem> onProblem)
    {
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var parsed = TryParse(line, out var error);
            if (parsed is null)
            {
                onProblem(new InputProblem(sourceName, lineNumber, error));
            }
            else
            {
                yield return parsed;
            }
        }
    }

    private static SiteEvent? TryParse(string line, out string error)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            error = $"not a JSON object: {e.Message}";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "expected a JSON object with time, kind and text";
                return null;
            }

            // Without an offset the same file would replay differently on hosts in other time zones.
            if (!root.TryGetProperty("time", out var time) || time.ValueKind != JsonValueKind.String
                || !time.TryGetDateTimeOffset(out var at) || !HasOffset(time.GetString()!))
            {
                error = "'time' must be an RFC 3339 date-time with an offset, e.g. \"2017-01-13T08:53:00+09:00\"";
                return null;
            }

            var kindText = root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            SiteEventKind? kind = kindText switch
            {
                "change" => SiteEventKind.Change,
                "log" => SiteEventKind.Log,
                "note" => SiteEventKind.Note,
                _ => null,
            };
            if (kind is null)
            {
                error = $"'kind' is {(kindText is null ? "missing" : $"'{kindText}'")}; expected \"change\", \"log\" or \"note\"";
                return null;
            }

            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String || text.GetString() is not { Length: > 0 } body)
            {
                error = "'text' is required";
                return null;
            }

            DateTimeOffset? until = null;
            if (root.TryGetProperty("until", out var end))
            {
                if (end.ValueKind != JsonValueKind.String || !end.TryGetDateTimeOffset(out var parsed) || !HasOffset(end.GetString()!) || parsed < at)
                {
                    error = "'until' must be an RFC 3339 date-time with an offset, not before 'time' (the end of a planned maintenance window)";
                    return null;
                }

                if (kind != SiteEventKind.Change)
                {
                    error = "'until' (a maintenance window) is only meaningful on a \"change\" event";
                    return null;
                }

                until = parsed;
            }

            error = "";
            return new SiteEvent(at, kind.Value, OptionalString(root, "entity"), OptionalString(root, "source"), body, until);
        }
    }

    private static bool HasOffset(string time) =>
        time.EndsWith('Z') || time.EndsWith('z')
        || (time.Length > 6 && time[^6] is '+' or '-' && time[^3] == ':');

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

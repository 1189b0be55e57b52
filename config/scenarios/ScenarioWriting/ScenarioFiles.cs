using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Monitor.Core.Signals;

namespace Monitor.Scenarios;

/// <summary>The file formats of a scenario folder (README "Scenario folders"), written deterministically: invariant culture, LF, UTF-8 without BOM.</summary>
public static class ScenarioFiles
{
    /// <summary>UTF-8 without a byte-order mark, as every scenario file is written.</summary>
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Times in the files: local time with its offset, to the second.</summary>
    public const string Iso = "yyyy-MM-dd'T'HH:mm:sszzz";

    // Japanese text stays readable in the files rather than \u-escaped.
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>How expected.json is written: indented, Japanese text readable rather than \u-escaped.</summary>
    public static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>The folder of the running generator (its generate.cs).</summary>
    public static string GeneratorDirectory => AppContext.GetData("EntryPointFileDirectoryPath") as string ?? Environment.CurrentDirectory;

    /// <summary>
    /// The folder a generator writes to: the one after <c>--out</c> (deploy/scenarios.sh passes a
    /// temporary one to compare), else the generator's own. Any other argument is an error.
    /// </summary>
    public static string OutputDirectory(string[] args)
    {
        var output = OutOption(args, out var rest);
        return rest.Length == 0 ? output ?? GeneratorDirectory : throw new ArgumentException($"unknown arguments: {string.Join(' ', rest)} (usage: dotnet run generate.cs [-- --out DIR])", nameof(args));
    }

    /// <summary>The folder after <c>--out</c> in <paramref name="args"/>, or null; <paramref name="rest"/> gets the other arguments.</summary>
    public static string? OutOption(string[] args, out string[] rest)
    {
        var index = Array.IndexOf(args, "--out");
        if (index < 0)
        {
            rest = args;
            return null;
        }

        if (index + 1 >= args.Length)
        {
            throw new ArgumentException("--out needs a directory", nameof(args));
        }

        rest = [.. args[..index], .. args[(index + 2)..]];
        return args[index + 1];
    }

    /// <summary>
    /// OpenMetrics text, timestamps in seconds, one family at a time, one series at a time, each
    /// family's help from the agent's own vocabulary (MetricCatalog).
    /// </summary>
    /// <param name="path">The metrics.om file to write.</param>
    /// <param name="series">The series, in the order they are written.</param>
    /// <param name="startEpoch">Unix time of the first sample.</param>
    /// <param name="intervalSeconds">Seconds between samples.</param>
    public static void WriteMetrics(string path, IEnumerable<Series> series, long startEpoch, int intervalSeconds)
    {
        var text = new StringBuilder();
        foreach (var family in series.GroupBy(s => s.Family))
        {
            if (!MetricCatalog.TryGet(family.Key, out var definition))
            {
                throw new ArgumentException($"'{family.Key}' is not a metric of Monitor.Core's MetricCatalog", nameof(series));
            }

            text.Append("# HELP ").Append(family.Key).Append(' ').Append(definition.Help).Append('\n');
            text.Append("# TYPE ").Append(family.Key).Append(" gauge\n");
            foreach (var s in family)
            {
                for (var i = 0; i < s.Values.Length; i++)
                {
                    if (double.IsNaN(s.Values[i]))
                    {
                        continue; // not exported at this time
                    }

                    var timestamp = startEpoch + ((long)i * intervalSeconds);
                    text.Append(s.Family).Append('{').Append(s.Labels).Append("} ")
                        .Append(s.Values[i].ToString(s.Format, CultureInfo.InvariantCulture)).Append(' ')
                        .Append(timestamp.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        text.Append("# EOF\n");
        File.WriteAllText(path, text.ToString(), Utf8);
    }

    /// <summary>events.jsonl: one JSON object a line, in time order.</summary>
    public static void WriteEvents(string path, IEnumerable<ScenarioEvent> events)
    {
        var text = new StringBuilder();
        foreach (var e in events.OrderBy(e => e.Time))
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, Compact))
            {
                json.WriteStartObject();
                json.WriteString("time", e.Time.ToString(Iso, CultureInfo.InvariantCulture));
                json.WriteString("kind", e.Kind);
                if (e.Entity is not null)
                {
                    json.WriteString("entity", e.Entity);
                }

                json.WriteString("source", e.Source);
                json.WriteString("text", e.Text);
                if (e.Until is { } until)
                {
                    json.WriteString("until", until.ToString(Iso, CultureInfo.InvariantCulture));
                }

                json.WriteEndObject();
            }

            text.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
        }

        File.WriteAllText(path, text.ToString(), Utf8);
    }

    /// <summary>An expected finding of expected.json: <c>{"entity": ..., "kind": ...}</c>.</summary>
    public static void WriteFinding(Utf8JsonWriter json, string entity, string kind)
    {
        json.WriteStartObject();
        json.WriteString("entity", entity);
        json.WriteString("kind", kind);
        json.WriteEndObject();
    }
}

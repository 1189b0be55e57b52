using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Wire = Monitor.Contracts.V1;

namespace Monitor.Agent.Revisions;

/// <summary>
/// Fits a revision to the collector's limits before it is sent, so a valid incident is never
/// refused for its decoration (one 10 KB device log line once kept nine revisions of an incident
/// from the collector). Text longer than <see cref="MaxStringLength"/> UTF-8 bytes is cut on a
/// character boundary and ends with "… (cut, 10,019 bytes)"; lists longer than the collector takes
/// keep their first and last halves. The ids that name a revision are never touched.
/// </summary>
public sealed class RevisionFitter
{
    /// <summary>The collector's default of <c>Collector:Limits:MaxStringLength</c>, in UTF-8 bytes.</summary>
    public const int DefaultMaxStringLength = 4096;

    /// <summary>Most entries of a list (symptoms, links, evidence, services, devices), as the collector takes.</summary>
    public const int MaxListItems = 1000;

    /// <summary>Most points of the affected-users series or events on the timeline, as the collector takes.</summary>
    public const int MaxSeriesPoints = 100_000;

    // Identity: cutting these would make another revision, not a shorter one.
    private static readonly HashSet<string> Untouched = ["incident_id", "idempotency_key"];

    private static readonly HashSet<string> Series = ["affected_users_series", "timeline"];

    /// <summary>Creates the fitter for strings of at most <paramref name="maxStringLength"/> UTF-8 bytes (<c>Agent:Collector:MaxStringLength</c>).</summary>
    public RevisionFitter(int maxStringLength = DefaultMaxStringLength)
    {
        MaxStringLength = maxStringLength;
    }

    /// <summary>Longest string sent, in UTF-8 bytes.</summary>
    public int MaxStringLength { get; }

    /// <summary>Cuts what is too long in <paramref name="revision"/>, in place; returns how many strings and lists were cut.</summary>
    public int Fit(Wire.IncidentRevision revision) => FitMessage(revision);

    /// <summary><paramref name="text"/> if it fits in <paramref name="maxBytes"/> UTF-8 bytes, else its start, cut on a character boundary, and "… (cut, N bytes)".</summary>
    public static string Cut(string text, int maxBytes)
    {
        // Cheap bound first: a string of at most a third as many chars always fits.
        if (text.Length <= maxBytes / 3)
        {
            return text;
        }

        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes <= maxBytes)
        {
            return text;
        }

        var marker = string.Create(CultureInfo.InvariantCulture, $"… (cut, {bytes:N0} bytes)");
        var room = Math.Max(0, maxBytes - Encoding.UTF8.GetByteCount(marker));
        var kept = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > room)
            {
                break;
            }

            used += rune.Utf8SequenceLength;
            kept.Append(rune.ToString());
        }

        return kept.Append(marker).ToString();
    }

    private int FitMessage(IMessage message)
    {
        var cuts = 0;
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (Untouched.Contains(field.Name))
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated && value is System.Collections.IList list)
            {
                cuts += FitList(list, field);
            }
            else if (field.FieldType == FieldType.String && value is string text)
            {
                var cut = Cut(text, MaxStringLength);
                if (!ReferenceEquals(cut, text))
                {
                    field.Accessor.SetValue(message, cut);
                    cuts++;
                }
            }
            else if (field.FieldType == FieldType.Message && value is IMessage child)
            {
                cuts += FitMessage(child);
            }
        }

        return cuts;
    }

    private int FitList(System.Collections.IList list, FieldDescriptor field)
    {
        var cuts = 0;
        var max = Series.Contains(field.Name) ? MaxSeriesPoints : MaxListItems;
        if (list.Count > max)
        {
            // The first entries show how it began, the last how it stands: the middle goes.
            var kept = new List<object?>(max);
            for (var i = 0; i < max / 2; i++)
            {
                kept.Add(list[i]);
            }

            for (var i = list.Count - (max - (max / 2)); i < list.Count; i++)
            {
                kept.Add(list[i]);
            }

            list.Clear();
            foreach (var item in kept)
            {
                list.Add(item);
            }

            cuts++;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is string text)
            {
                var cut = Cut(text, MaxStringLength);
                if (!ReferenceEquals(cut, text))
                {
                    list[i] = cut;
                    cuts++;
                }
            }
            else if (list[i] is IMessage child)
            {
                cuts += FitMessage(child);
            }
        }

        return cuts;
    }
}

using System.Globalization;
using System.Text;

namespace Monitor.Core.Findings.Messages;

/// <summary>
/// Writes a <see cref="FindingMessage"/> in one language from its <see cref="MessageTemplate"/>:
/// each placeholder by its argument's kind, times in the site's zone, optional parts only when
/// they have every value.
/// </summary>
public static class MessageWriter
{
    /// <summary>
    /// The sentence, or null when the catalogue has no entry for the message or an argument the
    /// sentence needs is missing (a message from a newer or a broken agent): the reader then
    /// falls back to the English explanation the agent wrote.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="language">The language to write.</param>
    /// <param name="zone">The site's time zone, for times.</param>
    public static string? TryWrite(FindingMessage message, MessageLanguage language, TimeZoneInfo zone)
    {
        if (MessageCatalogue.Find(message.Id) is not { } template)
        {
            return null;
        }

        var text = new StringBuilder();
        return Write(template.In(language), message, language, zone, text) ? text.ToString() : null;
    }

    /// <summary>The sentence; throws when the message does not fit its entry (a rule's mistake, caught by the pipeline).</summary>
    public static string Write(FindingMessage message, MessageLanguage language, TimeZoneInfo zone) =>
        TryWrite(message, language, zone)
        ?? throw new InvalidOperationException(
            MessageCatalogue.Find(message.Id) is null
                ? $"message '{message.Id}' is not in the catalogue"
                : $"message '{message.Id}' lacks an argument its {language} sentence needs (has: {string.Join(", ", message.Arguments.Select(a => a.Name))})");

    /// <summary>The names of the placeholders of a sentence, optional or not.</summary>
    public static IEnumerable<string> Placeholders(string sentence)
    {
        for (var i = sentence.IndexOf('{'); i >= 0; i = sentence.IndexOf('{', i + 1))
        {
            var end = sentence.IndexOf('}', i);
            yield return Placeholder(sentence[(i + 1)..end]).Name;
        }
    }

    // Writes the sentence into text; false when a placeholder outside [...] has no argument. A
    // part in [...] is written on its own and dropped when one of its placeholders has none.
    private static bool Write(ReadOnlySpan<char> sentence, FindingMessage message, MessageLanguage language, TimeZoneInfo zone, StringBuilder text)
    {
        var i = 0;
        while (i < sentence.Length)
        {
            var c = sentence[i];
            if (c == '[')
            {
                var end = ClosingBracket(sentence, i);
                var part = new StringBuilder();
                if (Write(sentence[(i + 1)..end], message, language, zone, part))
                {
                    text.Append(part);
                }

                i = end + 1;
            }
            else if (c == '{')
            {
                var end = sentence[i..].IndexOf('}') + i;
                var (name, format) = Placeholder(sentence[(i + 1)..end].ToString());
                if (message.Argument(name) is not { } argument)
                {
                    return false;
                }

                if (Value(argument, format, language, zone) is not { } value)
                {
                    return false;
                }

                text.Append(value);
                i = end + 1;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        return true;
    }

    private static int ClosingBracket(ReadOnlySpan<char> sentence, int open)
    {
        var depth = 0;
        for (var i = open; i < sentence.Length; i++)
        {
            depth += sentence[i] switch { '[' => 1, ']' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }

        throw new FormatException($"unbalanced [ in message sentence '{sentence}'");
    }

    private static (string Name, string? Format) Placeholder(string inside)
    {
        var mark = inside.IndexOfAny([':', '#']);
        return mark < 0 ? (inside, null) : (inside[..mark], inside[mark..]);
    }

    private static string? Value(MessageArgument argument, string? format, MessageLanguage language, TimeZoneInfo zone)
    {
        var japanese = language == MessageLanguage.Japanese;
        if (format is ['#', ..])
        {
            // {drives#drive|drives}: the word for one, else the other.
            var words = format[1..].Split('|');
            var count = argument.Kind == ArgumentKind.Entities ? argument.Entities?.Count ?? 0 : argument.Figure;
            return count == 1 ? words[0] : words[^1];
        }

        if (argument.Kind == ArgumentKind.Parts)
        {
            var parts = (argument.Parts ?? []).Select(part => TryWrite(part, language, zone)).ToList();
            return parts.Count == 0 || parts.Contains(null) ? null : string.Join(japanese ? "、" : "; ", parts);
        }

        var figure = argument.Figure;
        return argument.Kind switch
        {
            ArgumentKind.Entity or ArgumentKind.Entities => EntityText.Write(argument.Entities ?? [], language, idOnly: format == ":id", nameOnly: format == ":name"),
            ArgumentKind.Term => MessageTerms.Write(argument.Text ?? "", language),
            ArgumentKind.Text => argument.Text ?? "",
            ArgumentKind.Time => Clock(TimeZoneInfo.ConvertTime(argument.Time ?? default, zone), japanese),
            ArgumentKind.Duration => format == ":ms" ? MessageFigures.Milliseconds(figure, japanese) : MessageFigures.Duration(figure, japanese),
            ArgumentKind.Percent => Invariant(figure * 100, format == ":fine" && figure < 0.1 ? "0.#" : "0") + "%",
            ArgumentKind.Count => Invariant(figure, "N0"),
            ArgumentKind.Number => Invariant(figure, format is [':', ..] ? format[1..] : "0.##"),
            ArgumentKind.Bytes => format == ":binary" ? MessageFigures.BinaryBytes(figure, japanese) : MessageFigures.Bytes(figure, japanese),
            ArgumentKind.Ratio => Invariant(figure, figure >= 10 ? "0" : "0.#") + (japanese ? "倍" : "×"),
            _ => "",
        };
    }

    private static string Clock(DateTimeOffset local, bool japanese) =>
        japanese
            ? string.Create(CultureInfo.InvariantCulture, $"{local.Hour}時{local.Minute:00}分")
            : local.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Invariant(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

using Monitor.Core.Findings.Messages;
using Wire = Monitor.Contracts.V1;

namespace Monitor.Collector.Reports;

/// <summary>
/// A finding's sentence in a report's language, written from its catalogue message (contract
/// v1.4). A finding without one (an older agent), or with one this collector cannot write (a newer
/// agent's message), shows the agent's English explanation, marked as such in the Japanese report.
/// </summary>
internal static class FindingSentences
{
    /// <summary>The sentence of <paramref name="finding"/> in the report's language, in the site's time zone.</summary>
    public static string Of(ReportComposer report, Wire.Finding finding) =>
        Write(finding, report.IsJapanese ? MessageLanguage.Japanese : MessageLanguage.English, report.TimeZone)
        ?? report.AgentText(finding.Explanation);

    /// <summary>The sentence written from the message, or null when there is none or it cannot be written here.</summary>
    public static string? Write(Wire.Finding finding, MessageLanguage language, TimeZoneInfo zone) =>
        finding.Message is { } message && FromWire(message) is { } known ? MessageWriter.TryWrite(known, language, zone) : null;

    /// <summary>The message as the catalogue reads it; null when an argument holds a value this collector does not know.</summary>
    public static FindingMessage? FromWire(Wire.FindingMessage message)
    {
        var arguments = new List<MessageArgument>(message.Arguments.Count);
        foreach (var argument in message.Arguments)
        {
            if (FromWire(argument) is not { } known)
            {
                return null;
            }

            arguments.Add(known);
        }

        return new FindingMessage(message.Id, arguments);
    }

    private static MessageArgument? FromWire(Wire.MessageArgument argument) => argument.ValueCase switch
    {
        Wire.MessageArgument.ValueOneofCase.Entity => new(argument.Name, ArgumentKind.Entity, Entities: [FromWire(argument.Entity)]),
        Wire.MessageArgument.ValueOneofCase.Entities => new(argument.Name, ArgumentKind.Entities, Entities: [.. argument.Entities.Items.Select(FromWire)]),
        Wire.MessageArgument.ValueOneofCase.Term => MessageArgument.Term(argument.Name, argument.Term),
        Wire.MessageArgument.ValueOneofCase.Text => MessageArgument.Verbatim(argument.Name, argument.Text),
        Wire.MessageArgument.ValueOneofCase.Time => MessageArgument.At(argument.Name, argument.Time.ToDateTimeOffset()),
        Wire.MessageArgument.ValueOneofCase.DurationSeconds => MessageArgument.Seconds(argument.Name, argument.DurationSeconds),
        Wire.MessageArgument.ValueOneofCase.Percent => MessageArgument.Share(argument.Name, argument.Percent),
        Wire.MessageArgument.ValueOneofCase.Count => MessageArgument.Count(argument.Name, argument.Count),
        Wire.MessageArgument.ValueOneofCase.Number => MessageArgument.Number(argument.Name, argument.Number),
        Wire.MessageArgument.ValueOneofCase.Bytes => MessageArgument.Bytes(argument.Name, argument.Bytes),
        Wire.MessageArgument.ValueOneofCase.Ratio => MessageArgument.Times(argument.Name, argument.Ratio),
        Wire.MessageArgument.ValueOneofCase.Parts => Parts(argument),
        _ => null,
    };

    private static MessageArgument? Parts(Wire.MessageArgument argument)
    {
        var parts = argument.Parts.Items.Select(FromWire).ToList();
        return parts.Contains(null) ? null : MessageArgument.PartList(argument.Name, parts.OfType<FindingMessage>());
    }

    private static NamedEntity FromWire(Wire.NamedEntity entity) => new(entity.Id, entity.Type, string.IsNullOrEmpty(entity.Name) ? entity.Id : entity.Name);
}

using Google.Protobuf.WellKnownTypes;
using Monitor.Core.Findings.Messages;
using Wire = Monitor.Contracts.V1;

namespace Monitor.Agent.Revisions;

/// <summary>A finding's catalogue message as the wire carries it (contract v1.4).</summary>
internal static class MessageMapper
{
    public static Wire.FindingMessage ToWire(FindingMessage message)
    {
        var wire = new Wire.FindingMessage { Id = message.Id };
        wire.Arguments.AddRange(message.Arguments.Select(ToWire));
        return wire;
    }

    private static Wire.MessageArgument ToWire(MessageArgument argument)
    {
        var wire = new Wire.MessageArgument { Name = argument.Name };
        switch (argument.Kind)
        {
            case ArgumentKind.Entity:
                wire.Entity = ToWire(argument.Entities is [var one, ..] ? one : new NamedEntity("", "", ""));
                break;
            case ArgumentKind.Entities:
                wire.Entities = new Wire.NamedEntities();
                wire.Entities.Items.AddRange((argument.Entities ?? []).Select(ToWire));
                break;
            case ArgumentKind.Term:
                wire.Term = argument.Text ?? "";
                break;
            case ArgumentKind.Text:
                wire.Text = argument.Text ?? "";
                break;
            case ArgumentKind.Time:
                wire.Time = Timestamp.FromDateTimeOffset(argument.Time ?? default);
                break;
            case ArgumentKind.Duration:
                wire.DurationSeconds = argument.Figure;
                break;
            case ArgumentKind.Percent:
                wire.Percent = argument.Figure;
                break;
            case ArgumentKind.Count:
                wire.Count = argument.Figure;
                break;
            case ArgumentKind.Number:
                wire.Number = argument.Figure;
                break;
            case ArgumentKind.Bytes:
                wire.Bytes = argument.Figure;
                break;
            case ArgumentKind.Ratio:
                wire.Ratio = argument.Figure;
                break;
            case ArgumentKind.Parts:
                wire.Parts = new Wire.FindingMessages();
                wire.Parts.Items.AddRange((argument.Parts ?? []).Select(ToWire));
                break;
        }

        return wire;
    }

    private static Wire.NamedEntity ToWire(NamedEntity entity) => new() { Id = entity.Id, Type = entity.Type, Name = entity.Name };
}

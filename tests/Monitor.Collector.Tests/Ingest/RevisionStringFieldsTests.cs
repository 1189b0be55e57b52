using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Monitor.Collector.Ingest;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Ingest;

/// <summary>
/// Every string field of the contract, found by protobuf reflection rather than listed by hand,
/// is held to the string limit and named by its path: a field added to the .proto later and
/// forgotten in the validator fails this test.
/// </summary>
public sealed class RevisionStringFieldsTests
{
    private const int Limit = 512;

    public static TheoryData<string> StringPaths()
    {
        var data = new TheoryData<string>();
        foreach (var path in Paths(CompleteRequest(), ""))
        {
            data.Add(path);
        }

        return data;
    }

    [Fact]
    public void CompleteRequest_EveryMessageFilledIn_IsValid()
    {
        var request = CompleteRequest();

        Assert.Null(RevisionValidator.FindProblem(request, Limit));
        Assert.Contains("revisions[0].suspected_change.text", Paths(request, ""));
        Assert.Contains("revisions[0].site.devices[0].role", Paths(request, ""));
    }

    [Theory]
    [MemberData(nameof(StringPaths))]
    public void FindProblem_StringOverTheLimit_NamesTheField(string path)
    {
        var request = CompleteRequest();
        Set(request, path, new string('x', Limit + 1));

        var problem = RevisionValidator.FindProblem(request, Limit);

        Assert.StartsWith(path + " is ", problem, StringComparison.Ordinal);
        Assert.EndsWith(path.EndsWith("incident_id", StringComparison.Ordinal) ? "at most 200" : $"at most {Limit} (Collector:Limits:MaxStringLength)", problem, StringComparison.Ordinal);
    }

    /// <summary>One revision from the real agent, with every message, list and enum that it left empty filled in.</summary>
    private static PushRevisionsRequest CompleteRequest()
    {
        var request = CtyFixture.Push(CtyFixture.Agent, [CtyFixture.Revisions[0]]);
        Complete(request);
        return request;
    }

    // A oneof gets its first member only (setting each would leave the last); a message type
    // already being filled further up is left empty, or a recursive type would never end.
    private static void Complete(IMessage message) => Complete(message, [message.Descriptor.FullName]);

    private static void Complete(IMessage message, HashSet<string> filling)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if ((field.RealContainingOneof is { } oneof && oneof.Accessor.GetCaseFieldDescriptor(message) is { } set && set != field)
                || (field.FieldType == FieldType.Message && filling.Contains(field.MessageType.FullName)))
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                var list = (IList)value;
                if (field.FieldType == FieldType.Message && list.Count == 0)
                {
                    list.Add(field.MessageType.Parser.ParseFrom(ByteString.Empty));
                }
                else if (field.FieldType == FieldType.String && list.Count == 0)
                {
                    list.Add("a");
                }

                foreach (var item in list.OfType<IMessage>())
                {
                    Complete(item, [.. filling, item.Descriptor.FullName]);
                }

                continue;
            }

            switch (field.FieldType)
            {
                case FieldType.String when (string)value == "":
                    field.Accessor.SetValue(message, "a");
                    break;
                case FieldType.Enum when Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0:
                    field.Accessor.SetValue(message, System.Enum.ToObject(field.EnumType.ClrType, 1));
                    break;
                case FieldType.Message when field.MessageType.FullName == Timestamp.Descriptor.FullName:
                    field.Accessor.SetValue(message, value ?? Timestamp.FromDateTimeOffset(new DateTimeOffset(2017, 1, 13, 0, 0, 0, TimeSpan.Zero)));
                    break;
                case FieldType.Message:
                    var child = (IMessage?)value ?? field.MessageType.Parser.ParseFrom(ByteString.Empty);
                    field.Accessor.SetValue(message, child);
                    Complete(child, [.. filling, child.Descriptor.FullName]);
                    break;
            }
        }
    }

    private static IEnumerable<string> Paths(IMessage message, string prefix)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var path = prefix + field.Name;
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated && field.FieldType == FieldType.Message && ((IList)value).Count > 0)
            {
                foreach (var inner in Paths((IMessage)((IList)value)[0]!, $"{path}[0]."))
                {
                    yield return inner;
                }
            }
            else if (!field.IsRepeated && field.FieldType == FieldType.Message && value is IMessage child)
            {
                foreach (var inner in Paths(child, path + "."))
                {
                    yield return inner;
                }
            }
            else if (field.FieldType == FieldType.String)
            {
                yield return field.IsRepeated ? path + "[0]" : path;
            }
        }
    }

    private static void Set(IMessage message, string path, string text)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? path : path[..dot];
        var name = head.Split('[')[0];
        var field = message.Descriptor.FindFieldByName(name);
        if (dot < 0 && field.IsRepeated)
        {
            ((IList)field.Accessor.GetValue(message))[0] = text;
            return;
        }

        if (dot < 0)
        {
            field.Accessor.SetValue(message, text);
            return;
        }

        var value = field.Accessor.GetValue(message);
        var child = head.EndsWith("[0]", StringComparison.Ordinal) ? (IMessage)((IList)value)[0]! : (IMessage)value;
        Set(child, path[(dot + 1)..], text);
    }
}

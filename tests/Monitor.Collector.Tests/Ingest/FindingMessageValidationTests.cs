using Google.Protobuf.WellKnownTypes;
using Monitor.Collector.Ingest;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Ingest;

/// <summary>
/// A finding's catalogue message (contract v1.4) is checked like every other field: what no
/// collector could write is refused with the field named; a message this collector merely does
/// not know is accepted (the report falls back to the explanation).
/// </summary>
public sealed class FindingMessageValidationTests
{
    private static IncidentRevision WithMessage(FindingMessage message)
    {
        var revision = CtyIncident.Revision(1);
        revision.RootCause.Message = message;
        return revision;
    }

    private static FindingMessage Message(params MessageArgument[] arguments)
    {
        var message = new FindingMessage { Id = "controller_failed.partner_alone" };
        message.Arguments.AddRange(arguments);
        return message;
    }

    [Fact]
    public void FindProblem_CompleteMessage_ReturnsNull()
    {
        var revision = WithMessage(Message(
            new MessageArgument { Name = "controller", Entity = new NamedEntity { Id = "ctl-a", Type = "Controller", Name = "Storage controller A" } },
            new MessageArgument { Name = "since", Time = Timestamp.FromDateTimeOffset(CtyIncident.Onset) }));

        Assert.Null(RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }

    [Fact]
    public void FindProblem_MessageUnknownHere_IsAccepted()
    {
        var message = Message(new MessageArgument { Name = "x", Count = 3 });
        message.Id = "a_kind_from_a_newer_agent";

        Assert.Null(RevisionValidator.FindProblem(CtyIncident.Push(WithMessage(message))));
    }

    [Fact]
    public void FindProblem_MessageWithoutId_NamesTheField()
    {
        var message = Message();
        message.Id = "";

        Assert.Equal("revisions[0].root_cause.message.id is required", RevisionValidator.FindProblem(CtyIncident.Push(WithMessage(message))));
    }

    [Fact]
    public void FindProblem_ArgumentWithoutValue_NamesIt()
    {
        var problem = RevisionValidator.FindProblem(CtyIncident.Push(WithMessage(Message(new MessageArgument { Name = "since" }))));

        Assert.StartsWith("revisions[0].root_cause.message.arguments[0] has no value", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_ArgumentWithoutName_NamesIt()
    {
        var problem = RevisionValidator.FindProblem(CtyIncident.Push(WithMessage(Message(new MessageArgument { Count = 1 }))));

        Assert.Equal("revisions[0].root_cause.message.arguments[0].name is required", problem);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void FindProblem_FigureNotFinite_IsRefused(double value)
    {
        var problem = RevisionValidator.FindProblem(CtyIncident.Push(WithMessage(Message(new MessageArgument { Name = "now", Percent = value }))));

        Assert.StartsWith("revisions[0].root_cause.message.arguments[0].percent is ", problem, StringComparison.Ordinal);
        Assert.EndsWith("not a finite number", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_EntityWithoutId_NamesIt()
    {
        var problem = RevisionValidator.FindProblem(CtyIncident.Push(WithMessage(Message(new MessageArgument { Name = "controller", Entity = new NamedEntity { Type = "Controller" } }))));

        Assert.Equal("revisions[0].root_cause.message.arguments[0].entity.id is required", problem);
    }

    [Fact]
    public void FindProblem_TooManyArguments_IsRefused()
    {
        var arguments = Enumerable.Range(0, RevisionValidator.MaxMessageArguments + 1).Select(i => new MessageArgument { Name = $"a{i}", Count = i }).ToArray();

        var problem = RevisionValidator.FindProblem(CtyIncident.Push(WithMessage(Message(arguments))));

        Assert.StartsWith("revisions[0].root_cause.message.arguments", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_PartsInsideAPart_AreRefused()
    {
        var inner = new FindingMessage { Id = "paths.of_host" };
        inner.Arguments.Add(new MessageArgument { Name = "deeper", Parts = new FindingMessages { Items = { new FindingMessage { Id = "paths.of_host" } } } });
        var outer = Message(new MessageArgument { Name = "hosts", Parts = new FindingMessages { Items = { inner } } });

        var problem = RevisionValidator.FindProblem(CtyIncident.Push(WithMessage(outer)));

        Assert.Equal("revisions[0].root_cause.message.arguments[0].parts.items[0].arguments[0].parts is inside a part: a part of a sentence has no parts of its own", problem);
    }

    [Fact]
    public void FindProblem_SymptomMessage_IsCheckedToo()
    {
        var revision = CtyIncident.Revision(1);
        Assert.NotEmpty(revision.Symptoms);
        revision.Symptoms[0].Message = Message(new MessageArgument { Name = "", Count = 1 });

        Assert.Equal("revisions[0].symptoms[0].message.arguments[0].name is required", RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }
}

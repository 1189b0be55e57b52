using System.Reflection;
using Monitor.Core.Findings.Messages;

namespace Monitor.Core.Tests.Findings.Messages;

/// <summary>Every mail message id a rule can write is an entry of the catalogue, and no entry is left without an id.</summary>
public sealed class MailMessagesTests
{
    private static IReadOnlyList<string> Ids() =>
        [.. typeof(MailMessages).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)];

    [Fact]
    public void Ids_EachId_IsACatalogueEntry()
    {
        Assert.All(Ids(), id => Assert.NotNull(MessageCatalogue.Find(id)));
    }

    [Fact]
    public void All_EachEntry_HasAnId()
    {
        Assert.Equal(Ids().Order(StringComparer.Ordinal), MailMessages.All.Select(t => t.Id).Order(StringComparer.Ordinal));
    }
}

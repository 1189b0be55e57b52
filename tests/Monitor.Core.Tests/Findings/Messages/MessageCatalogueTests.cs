using System.Text.RegularExpressions;
using Monitor.Core.Findings.Messages;

namespace Monitor.Core.Tests.Findings.Messages;

/// <summary>
/// The catalogue is whole and its two languages agree: every sentence parses, the Japanese one
/// uses no placeholder the English one lacks (a rule gives arguments for the English it was
/// written against), and the Japanese is Japanese: no English words outside placeholders.
/// </summary>
public sealed partial class MessageCatalogueTests
{
    public static TheoryData<string> Ids() => [.. MessageCatalogue.All.Select(t => t.Id)];

    [Fact]
    public void All_HasTheStorageAndMailEntries()
    {
        Assert.NotNull(MessageCatalogue.Find(StorageMessages.ControllerFailedPartnerAlone));
        Assert.Null(MessageCatalogue.Find("no_such_kind.variant"));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Entry_JapanesePlaceholders_AreTheEnglishOnes(string id)
    {
        var template = MessageCatalogue.Find(id)!;
        var english = MessageWriter.Placeholders(template.English).ToHashSet(StringComparer.Ordinal);
        var japanese = MessageWriter.Placeholders(template.Japanese).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(english);
        Assert.Subset(english, japanese);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Entry_Japanese_HasNoEnglishWordsOutsidePlaceholders(string id)
    {
        var template = MessageCatalogue.Find(id)!;
        var text = Placeholder().Replace(template.Japanese, "");

        // Units and acronyms in capitals (IOPS, FC, DNS, MB) are how Japanese writes them too.
        Assert.DoesNotMatch("[a-z]", Units().Replace(text, ""));
        Assert.Matches("[\u3040-\u30ff\u4e00-\u9fff]", text);
        if (!template.Fragment)
        {
            Assert.EndsWith("。", text);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Entry_Brackets_AreBalanced(string id)
    {
        foreach (var sentence in new[] { MessageCatalogue.Find(id)!.English, MessageCatalogue.Find(id)!.Japanese })
        {
            var depth = 0;
            foreach (var c in sentence)
            {
                depth += c switch { '[' => 1, ']' => -1, _ => 0 };
                Assert.True(depth >= 0, $"'{id}': ] before [ in '{sentence}'");
            }

            Assert.Equal(0, depth);
            Assert.Equal(sentence.Count(c => c == '{'), sentence.Count(c => c == '}'));
        }
    }

    [GeneratedRegex("dBm|dB|KiB")]
    private static partial Regex Units();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Placeholder();
}

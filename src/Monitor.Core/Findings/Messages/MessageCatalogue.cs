using System.Collections.Frozen;

namespace Monitor.Core.Findings.Messages;

/// <summary>
/// Every sentence a rule can write, one entry per finding kind and variant, in English and in
/// Japanese. The agent writes its English explanation from here; the collector writes each
/// report's language from the same entry, so the two say the same thing.
/// </summary>
public static class MessageCatalogue
{
    private static readonly FrozenDictionary<string, MessageTemplate> Entries = Build();

    /// <summary>Every entry.</summary>
    public static IEnumerable<MessageTemplate> All => Entries.Values;

    /// <summary>The entry with this id, or null (a newer agent's message).</summary>
    public static MessageTemplate? Find(string id) => Entries.GetValueOrDefault(id);

    private static FrozenDictionary<string, MessageTemplate> Build()
    {
        var entries = new Dictionary<string, MessageTemplate>(StringComparer.Ordinal);
        foreach (var template in StorageMessages.All.Concat(PathMessages.All).Concat(MailMessages.All))
        {
            if (!entries.TryAdd(template.Id, template))
            {
                throw new InvalidOperationException($"message '{template.Id}' is in the catalogue twice");
            }
        }

        return entries.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

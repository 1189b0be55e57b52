namespace Monitor.Core.Findings.Messages;

/// <summary>
/// Entities in a sentence. English names them as the topology does, with the id: "Storage
/// controller B (ctl-b)". Japanese names the kind of equipment and its id, "ストレージコントローラ
/// ctl-b", since the topology's names are mostly English; a name the operator wrote in Japanese
/// (a service's) is used as it is.
/// </summary>
internal static class EntityText
{
    /// <summary>
    /// The entities in <paramref name="language"/>; with <paramref name="idOnly"/> English writes only their ids ("{partner:id}"),
    /// with <paramref name="nameOnly"/> only their names ("{service:name}", where the id is written elsewhere or says nothing more).
    /// </summary>
    public static string Write(IReadOnlyList<NamedEntity> entities, MessageLanguage language, bool idOnly = false, bool nameOnly = false)
    {
        if (language != MessageLanguage.Japanese)
        {
            return nameOnly ? string.Join(", ", entities.Select(e => string.IsNullOrEmpty(e.Name) ? e.Id : e.Name))
                : entities.Count == 1 && !idOnly ? English(entities[0]) : string.Join(", ", entities.Select(e => e.Id));
        }

        if (entities.Count == 1)
        {
            return Japanese(entities[0]);
        }

        // One kind named once: "アクセスパス mail01:ctl-a、mail02:ctl-a".
        var types = entities.Select(e => e.Type).Distinct().ToList();
        return types.Count == 1 && !string.IsNullOrEmpty(types[0])
            ? $"{EntityTypeNames.Of(types[0], language)} {string.Join("、", entities.Select(e => e.Id))}"
            : string.Join("、", entities.Select(Japanese));
    }

    private static string English(NamedEntity entity) =>
        string.IsNullOrEmpty(entity.Name) || entity.Name == entity.Id ? entity.Id : $"{entity.Name} ({entity.Id})";

    private static string Japanese(NamedEntity entity)
    {
        if (HasJapanese(entity.Name))
        {
            return entity.Name;
        }

        return string.IsNullOrEmpty(entity.Type) ? entity.Id : $"{EntityTypeNames.Of(entity.Type, MessageLanguage.Japanese)} {entity.Id}";
    }

    /// <summary>Whether a name has kana or kanji in it.</summary>
    public static bool HasJapanese(string text) =>
        text.Any(c => c is (>= '\u3040' and <= '\u30ff') or (>= '\u4e00' and <= '\u9fff'));
}

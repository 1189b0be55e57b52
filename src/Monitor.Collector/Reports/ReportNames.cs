using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;

namespace Monitor.Collector.Reports;

/// <summary>
/// The names a report gives to what the agents send as identifiers: finding kinds (from the one
/// vocabulary, <see cref="FindingKinds"/>), entity types and the topology's relations, in each
/// language. An identifier the collector does not know is kept as it is.
/// </summary>
internal static class ReportNames
{
    /// <summary>"ストレージコントローラの停止" / "Storage controller stopped" for "controller_failed".</summary>
    public static string Kind(string kind, ReportLanguage language)
    {
        if (!FindingKinds.IsRegistered(kind))
        {
            return kind;
        }

        var described = FindingKinds.Describe(kind);
        return language == ReportLanguage.Japanese ? described.JapaneseName : described.EnglishName;
    }

    /// <summary>"ストレージコントローラ" / "storage controller" for "Controller" (or "controller", "service_function").</summary>
    public static string EntityType(string type, ReportLanguage language) =>
        EntityTypeNames.Of(type, language == ReportLanguage.Japanese ? MessageLanguage.Japanese : MessageLanguage.English);

    /// <summary>"負荷の引継ぎ" for "hands its load to": the topology's relations as nouns in Japanese, as written in English.</summary>
    public static string Relation(string relation, ReportLanguage language)
    {
        if (language != ReportLanguage.Japanese)
        {
            return relation;
        }

        return relation switch
        {
            "hands its load to" => "負荷の引継ぎ（相手の停止時）",
            "serves" => "I/Oの処理",
            "stores data for" => "データの格納",
            "provides" => "機能の提供",
            "is used by" => "利用者",
            "carries" or "carries I/O for" => "I/Oの伝送",
            "runs" => "稼働",
            "has port" => "ポート",
            "terminates" => "接続の終端",
            _ => relation,
        };
    }
}

namespace Monitor.Core.Findings.Messages;

/// <summary>The names of the topology's entity types for people, in each language.</summary>
public static class EntityTypeNames
{
    /// <summary>"ストレージコントローラ" / "storage controller" for "Controller" (also "controller", "service_function"); the type itself when unknown.</summary>
    public static string Of(string type, MessageLanguage language)
    {
        var japanese = language == MessageLanguage.Japanese;
        return type.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "HOST" => japanese ? "ホスト" : "host",
            "HBAPORT" => japanese ? "HBAポート" : "HBA port",
            "CONTROLLER" => japanese ? "ストレージコントローラ" : "storage controller",
            "CONTROLLERPORT" => japanese ? "コントローラのポート" : "controller port",
            "PATH" => japanese ? "アクセスパス" : "access path",
            "VOLUME" => japanese ? "ボリューム" : "volume",
            "SERVICE" => japanese ? "サービス" : "service",
            "SERVICEFUNCTION" => japanese ? "サービスの機能" : "service function",
            _ => type,
        };
    }
}

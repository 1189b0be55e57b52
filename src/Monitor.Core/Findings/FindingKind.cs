namespace Monitor.Core.Findings;

/// <summary>
/// Everything Monitor knows about one kind of finding, in one place: rules, correlation, impact,
/// maintenance, incidents and reports all read it from here (<see cref="FindingKinds.Describe"/>).
/// </summary>
/// <param name="Name">The kind string on findings and on the wire, e.g. "controller_failed".</param>
/// <param name="CauseRank">Lower means more likely a cause than a consequence (its place in <see cref="FindingKinds.All"/>).</param>
/// <param name="Class">Precursor, failure, or the chain's outcome.</param>
/// <param name="Plannable">Whether announced maintenance on (or upstream of) its entity is expected to cause it.</param>
/// <param name="UserImpact">Whom it hits and what it does to the function.</param>
/// <param name="EnglishName">Display name for people, e.g. "Storage controller stopped".</param>
/// <param name="JapaneseName">Display name for the regulator's report, e.g. 「ストレージコントローラの停止」.</param>
public sealed record FindingKind(
    string Name,
    int CauseRank,
    FindingClass Class,
    bool Plannable,
    UserImpact UserImpact,
    string EnglishName,
    string JapaneseName)
{
    /// <summary>The severity a rule reports it with: precursors warn, everything else is critical.</summary>
    public Severity Severity => Class == FindingClass.Precursor ? Severity.Warning : Severity.Critical;
}

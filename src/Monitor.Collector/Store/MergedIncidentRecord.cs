using Monitor.Contracts.V1;

namespace Monitor.Collector.Store;

/// <summary>
/// One fault as stored: the agent incidents merged into it (their newest revisions, oldest onset
/// first) and what on-call did about it. Merging (<c>IncidentMerger</c>) folds the members into one view.
/// </summary>
/// <param name="Id">The merged incident's id: the id of its first agent incident.</param>
/// <param name="Site">Site of the agents.</param>
/// <param name="RootEntity">Root-cause entity shared by the members.</param>
/// <param name="RootKind">Root-cause kind shared by the members.</param>
/// <param name="Members">The newest revision of each agent incident.</param>
/// <param name="Actions">On-call actions, oldest first.</param>
public sealed record MergedIncidentRecord(
    string Id,
    string Site,
    string RootEntity,
    string RootKind,
    IReadOnlyList<IncidentRevision> Members,
    IReadOnlyList<OperatorAction> Actions)
{
    /// <summary>The agent that opened the merged incident's first agent incident (its report directory is named after it); empty when not known.</summary>
    public string Owner { get; init; } = "";
}

namespace Monitor.Collector.Store;

/// <summary>One committed change to the store, as <see cref="IncidentStoreChanges"/> announces it.</summary>
/// <param name="Kind">Revisions or an on-call action.</param>
/// <param name="IncidentIds">
/// The incidents it changed: agent incident ids for revisions, the merged incident's id for an
/// action. Either finds the merged incident (<see cref="IIncidentStore.GetMergedIncidentAsync"/>).
/// </param>
public sealed record StoredChange(StoredChangeKind Kind, IReadOnlyList<string> IncidentIds);

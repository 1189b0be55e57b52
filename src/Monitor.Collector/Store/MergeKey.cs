namespace Monitor.Collector.Store;

/// <summary>
/// What makes agent incidents one fault: the same site, the same root-cause entity and the same
/// kind (eight mail hosts all losing controller A), with onsets within
/// <see cref="Configuration.MergingOptions.OnsetWindow"/> of each other, the second opened before the first
/// was resolved. The time part is checked by the store, which sees every incident.
/// </summary>
/// <param name="Site">The agent's site (from the allow-list when one is configured).</param>
/// <param name="RootEntity">Topology entity of the root cause, e.g. "ctl-a".</param>
/// <param name="RootKind">What the rule found there, e.g. "controller_failed".</param>
public sealed record MergeKey(string Site, string RootEntity, string RootKind);

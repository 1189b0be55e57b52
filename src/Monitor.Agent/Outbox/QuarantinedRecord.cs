namespace Monitor.Agent.Outbox;

/// <summary>Something the outbox could not read at start, set aside in its quarantine folder.</summary>
/// <param name="Segment">Segment file.</param>
/// <param name="Offset">Where in it.</param>
/// <param name="Bytes">How many bytes were set aside (0 for a missing segment).</param>
/// <param name="Reason">What was wrong.</param>
/// <param name="SavedAs">The quarantine file holding the bytes, if any.</param>
public sealed record QuarantinedRecord(string Segment, long Offset, long Bytes, string Reason, string? SavedAs)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Segment} at {Offset}: {Reason} ({Bytes} bytes{(SavedAs is null ? "" : $", saved as {SavedAs}")})";
}

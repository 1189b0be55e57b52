using Monitor.Core.Signals;

namespace Monitor.Core.Pipeline;

/// <summary>A sample the pipeline refused before any rule saw it, and why.</summary>
/// <param name="Sample">The sample as the source gave it.</param>
/// <param name="Reason">One of <see cref="SampleRefusal.All"/>.</param>
public sealed record SampleDrop(Sample Sample, string Reason);

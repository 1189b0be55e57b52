using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// What a rule derives from the topology alone (paths grouped by volume, names of series), made
/// once per topology instead of at every evaluation. Rule instances are shared by every pipeline
/// (<see cref="Pipeline.DetectionPipeline.AllRules"/>), possibly on several threads at once, so
/// what is kept is immutable and kept per topology; a topology no pipeline holds any more is not
/// kept alive by it.
/// </summary>
/// <typeparam name="T">What is derived; immutable once built.</typeparam>
// The annotation is the weak table's own (for its GetOrCreateValue, not used here).
internal sealed class PerTopology<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>
    where T : class
{
    private readonly ConditionalWeakTable<SiteTopology, T> _built = new();
    private readonly ConditionalWeakTable<SiteTopology, T>.CreateValueCallback _build;

    /// <summary>Derives with <paramref name="build"/>, the first time each topology is asked for.</summary>
    public PerTopology(Func<SiteTopology, T> build) => _build = new(build);

    /// <summary>What is derived from <paramref name="topology"/>.</summary>
    public T Of(SiteTopology topology) => _built.GetValue(topology, _build);
}

using Monitor.Core.Topology;

namespace Monitor.Core.Findings.Messages;

/// <summary>One typed value a message's sentence is written with: figures stay figures, names stay ids, so that each language writes them its own way.</summary>
/// <param name="Name">The placeholder it fills, e.g. "since".</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Figure">The figure, for kinds that hold one (seconds for a duration).</param>
/// <param name="Time">The moment, for <see cref="ArgumentKind.Time"/>.</param>
/// <param name="Text">The term key or the text, for <see cref="ArgumentKind.Term"/> and <see cref="ArgumentKind.Text"/>.</param>
/// <param name="Entities">The entities, for <see cref="ArgumentKind.Entity"/> (one) and <see cref="ArgumentKind.Entities"/>.</param>
/// <param name="Parts">The fragments, for <see cref="ArgumentKind.Parts"/>.</param>
public sealed record MessageArgument(
    string Name,
    ArgumentKind Kind,
    double Figure = 0,
    DateTimeOffset? Time = null,
    string? Text = null,
    IReadOnlyList<NamedEntity>? Entities = null,
    IReadOnlyList<FindingMessage>? Parts = null)
{
    /// <summary>Fragments of a sentence, e.g. one per host (entries marked <see cref="MessageTemplate.Fragment"/>).</summary>
    public static MessageArgument PartList(string name, IEnumerable<FindingMessage> parts) => new(name, ArgumentKind.Parts, Parts: [.. parts]);

    /// <summary>An entity of <paramref name="topology"/>, named from it (an unknown id keeps its id as its name).</summary>
    public static MessageArgument Entity(string name, string id, SiteTopology topology) =>
        new(name, ArgumentKind.Entity, Entities: [Named(id, topology)]);

    /// <summary>Several entities of <paramref name="topology"/>.</summary>
    public static MessageArgument EntityList(string name, IEnumerable<string> ids, SiteTopology topology) =>
        new(name, ArgumentKind.Entities, Entities: [.. ids.Select(id => Named(id, topology))]);

    /// <summary>A word of the vocabulary (<see cref="MessageTerms"/>).</summary>
    public static MessageArgument Term(string name, string key) => new(name, ArgumentKind.Term, Text: key);

    /// <summary>Text written as it is.</summary>
    public static MessageArgument Verbatim(string name, string text) => new(name, ArgumentKind.Text, Text: text);

    /// <summary>A moment.</summary>
    public static MessageArgument At(string name, DateTimeOffset time) => new(name, ArgumentKind.Time, Time: time);

    /// <summary>A length of time.</summary>
    public static MessageArgument Lasting(string name, TimeSpan span) => new(name, ArgumentKind.Duration, span.TotalSeconds);

    /// <summary>A length of time in seconds.</summary>
    public static MessageArgument Seconds(string name, double seconds) => new(name, ArgumentKind.Duration, seconds);

    /// <summary>A share (1.18 for 118%).</summary>
    public static MessageArgument Share(string name, double share) => new(name, ArgumentKind.Percent, share);

    /// <summary>A whole count.</summary>
    public static MessageArgument Count(string name, double count) => new(name, ArgumentKind.Count, count);

    /// <summary>A plain figure.</summary>
    public static MessageArgument Number(string name, double value) => new(name, ArgumentKind.Number, value);

    /// <summary>An amount of bytes.</summary>
    public static MessageArgument Bytes(string name, double bytes) => new(name, ArgumentKind.Bytes, bytes);

    /// <summary>How many times another figure.</summary>
    public static MessageArgument Times(string name, double ratio) => new(name, ArgumentKind.Ratio, ratio);

    private static NamedEntity Named(string id, SiteTopology topology) =>
        topology.Find(id) is { } entity ? new NamedEntity(id, entity.Type.ToString(), entity.Name) : new NamedEntity(id, "", id);
}

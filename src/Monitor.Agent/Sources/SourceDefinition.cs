using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Monitor.Agent.Configuration;

namespace Monitor.Agent.Sources;

/// <summary>
/// How a polled source is found by name, configured and built. Its configuration section under
/// Agent:Sources is its options class's name without "Options" (DiskStatsOptions: "DiskStats"),
/// so the name of a source is written once, in its <see cref="SourceDefinition{TOptions}"/>.
/// </summary>
public abstract class SourceDefinition
{
    private protected SourceDefinition(string name, Type optionsType)
    {
        Name = name;
        OptionsType = optionsType;
        Section = SectionOf(optionsType);
    }

    /// <summary>Name in metrics, logs and `sample NAME`, e.g. "diskstats".</summary>
    public string Name { get; }

    /// <summary>Its section under Agent:Sources, e.g. "DiskStats".</summary>
    public string Section { get; }

    /// <summary>The type of its options.</summary>
    public Type OptionsType { get; }

    /// <summary>This source's options among <paramref name="sources"/> (the defaults when its section is absent).</summary>
    public abstract SourceOptions Options(SourcesOptions sources);

    /// <summary>Builds the source from its options among <paramref name="sources"/>.</summary>
    public abstract PolledSource Create(SourcesOptions sources, SourceContext context);

    /// <summary>Binds <paramref name="section"/> (Agent:Sources:&lt;Section&gt;) to this source's options in <paramref name="sources"/>.</summary>
    /// <exception cref="ConfigurationError">An unknown key or a value of the wrong type; the message names it.</exception>
    public abstract void Bind(IConfigurationSection section, SourcesOptions sources);

    /// <summary>The section a type of options is read from: its name without the "Options" suffix.</summary>
    public static string SectionOf(Type optionsType)
    {
        const string Suffix = "Options";
        var name = optionsType.Name;
        return name.Length > Suffix.Length && name.EndsWith(Suffix, StringComparison.Ordinal) ? name[..^Suffix.Length] : name;
    }
}

/// <summary>A polled source whose options are <typeparamref name="TOptions"/>.</summary>
/// <typeparam name="TOptions">Its options; their class name gives the configuration section.</typeparam>
public sealed class SourceDefinition<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>
    : SourceDefinition
    where TOptions : SourceOptions, new()
{
    private readonly Func<TOptions, SourceContext, PolledSource> _create;

    /// <summary>A source named <paramref name="name"/>, built by <paramref name="create"/>.</summary>
    /// <param name="name">Name in metrics, logs and `sample NAME`, e.g. "diskstats".</param>
    /// <param name="create">Builds the source from its own options.</param>
    public SourceDefinition(string name, Func<TOptions, SourceContext, PolledSource> create)
        : base(name, typeof(TOptions))
    {
        _create = create;
        SourceOptionsBinder.Register<TOptions>();
    }

    /// <inheritdoc/>
    public override TOptions Options(SourcesOptions sources) => sources.Of(this);

    /// <inheritdoc/>
    public override PolledSource Create(SourcesOptions sources, SourceContext context) => _create(sources.Of(this), context);

    /// <inheritdoc/>
    public override void Bind(IConfigurationSection section, SourcesOptions sources) =>
        sources.Set(this, ConfigurationKeys.Bind<TOptions>(section, SourceOptionsBinder.Bind));
}

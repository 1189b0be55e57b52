namespace Monitor.Agent.Sources;

/// <summary>
/// Agent:Sources: the replay, and each polled source's options by its definition. Only sources
/// with Enabled = true run; a source whose section is absent has its defaults (not enabled).
/// </summary>
public sealed class SourcesOptions
{
    // Keyed by the definition, whose type says the options' type: Of(definition) cannot mix them up.
    private readonly Dictionary<SourceDefinition, SourceOptions> _polled = [];

    /// <summary>Plays a recorded scenario folder on virtual time.</summary>
    public ReplaySourceOptions Replay { get; set; } = new();

    /// <summary>The options of the source <paramref name="definition"/> defines; created with their defaults on first use.</summary>
    public TOptions Of<TOptions>(SourceDefinition<TOptions> definition)
        where TOptions : SourceOptions, new()
    {
        if (_polled.TryGetValue(definition, out var found) && found is TOptions options)
        {
            return options;
        }

        options = new TOptions();
        _polled[definition] = options;
        return options;
    }

    /// <summary>Replaces the options of the source <paramref name="definition"/> defines.</summary>
    public void Set<TOptions>(SourceDefinition<TOptions> definition, TOptions options)
        where TOptions : SourceOptions, new() => _polled[definition] = options;
}

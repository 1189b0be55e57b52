using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Monitor.Agent.Configuration;
using Monitor.Agent.Delivery;
using Monitor.Agent.Outbox;
using Monitor.Agent.Sources;
using Monitor.Core.Incidents;
using Monitor.Core.Rules;

namespace Monitor.Agent;

/// <summary>
/// Binds the Agent section strictly: a misspelt key is an error naming it, not a silently ignored
/// setting that leaves the default in force. Agent:Sources is bound source by source, each into
/// the options type its <see cref="SourceDefinition"/> declares. Throws <see cref="ConfigurationError"/>.
/// </summary>
public sealed class AgentOptionsBinding(IConfiguration configuration) : IConfigureOptions<AgentOptions>
{
    private static readonly string SourcesKey = nameof(AgentOptions.Sources);
    private static readonly string ReplayKey = nameof(SourcesOptions.Replay);

    static AgentOptionsBinding()
    {
        ConfigurationKeys.Register<AgentOptions>();
        ConfigurationKeys.Register<CollectorEndpointOptions>();
        ConfigurationKeys.Register<OutboxOptions>();
        ConfigurationKeys.Register<DetectionOptions>();
        ConfigurationKeys.Register<IncidentLifecycleOptions>();
        ConfigurationKeys.Register<HttpEndpointOptions>();
        ConfigurationKeys.Register<TelemetryOptions>();
        ConfigurationKeys.Register<ReplaySourceOptions>();
    }

    /// <inheritdoc/>
    public void Configure(AgentOptions options)
    {
        var agent = configuration.GetSection(AgentOptions.Section);
        var sources = agent.GetSection(SourcesKey);
        var unknown = ConfigurationKeys.Unknown(agent, typeof(AgentOptions), new Dictionary<string, Func<IConfigurationSection, IEnumerable<string>>>
        {
            [SourcesKey] = UnknownInSources,
        }).ToList();
        if (unknown.Count > 0)
        {
            throw new ConfigurationError(string.Join(Environment.NewLine, unknown));
        }

        ConfigurationKeys.BindInto(agent, view => view.Bind(options, ConfigurationKeys.Strict), SourcesKey);
        foreach (var child in sources.GetChildren())
        {
            if (string.Equals(child.Key, ReplayKey, StringComparison.OrdinalIgnoreCase))
            {
                ConfigurationKeys.BindInto(child, view => view.Bind(options.Sources.Replay, ConfigurationKeys.Strict));
            }
            else
            {
                SourceRegistry.FindSection(child.Key)!.Bind(child, options.Sources);
            }
        }
    }

    private static IEnumerable<string> UnknownInSources(IConfigurationSection sources)
    {
        foreach (var child in sources.GetChildren())
        {
            var type = string.Equals(child.Key, ReplayKey, StringComparison.OrdinalIgnoreCase)
                ? typeof(ReplaySourceOptions)
                : SourceRegistry.FindSection(child.Key)?.OptionsType;
            var problems = type is null
                ? [ConfigurationKeys.NotKnown(child.Path, [ReplayKey, .. SourceRegistry.All.Select(d => d.Section)])]
                : ConfigurationKeys.Unknown(child, type);
            foreach (var problem in problems)
            {
                yield return problem;
            }
        }
    }
}

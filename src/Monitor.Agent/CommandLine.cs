using Monitor.Agent.Configuration;
namespace Monitor.Agent;

/// <summary>
/// The agent's verbs, turned into configuration keys so that everything ends up in one validated
/// <see cref="AgentOptions"/>:
/// <c>run [--config FILE]</c> (default) reads the host's sources;
/// <c>replay SCENARIO_DIR [--speed N] [--collector URL]</c> plays a recorded scenario and exits.
/// Any <c>--Agent:Key=value</c> overrides the file.
/// </summary>
public sealed record CommandLine(string Verb, string? ConfigPath, IReadOnlyList<string> ConfigurationArgs)
{
    /// <summary>
    /// A replay is a backtest: it pushes to a collector only when its command line names one
    /// (<c>--collector URL</c> or an <c>--Agent:Collector:</c> key). Otherwise the configuration
    /// file's and the environment's collector are not used, so a replay never delivers to whatever
    /// listens on the configured address, nor waits two minutes for one that is not there.
    /// </summary>
    public bool IgnoresConfiguredCollector =>
        Verb == "replay" && !ConfigurationArgs.Any(a => a.StartsWith("--Agent:Collector:", StringComparison.OrdinalIgnoreCase));

    /// <summary>The source named by `sample NAME`.</summary>
    public Sources.SourceDefinition? SampleSource { get; init; }

    /// <summary>What `discover` reads and where it writes.</summary>
    internal Discovery.DiscoverOptions? Discover { get; init; }

    /// <summary>Usage text.</summary>
    public const string Usage = """
        usage: monitor-agent [run] [--config FILE] [--Agent:Key=value ...]
               monitor-agent --help | --version
               monitor-agent replay SCENARIO_DIR [--speed N] [--json] [--collector URL] [--config FILE] [--Agent:Key=value ...]
               monitor-agent sample SOURCE [--root DIR] [--file FILE] [--config FILE]
               monitor-agent check-config [--config FILE] [--Agent:Key=value ...]
               monitor-agent discover [--root DIR] [--host NAME] [--out FILE] [--multipath-file FILE]
                                      [--postfix-config DIR] [--dovecot-config FILE] [--config FILE]

          run      read this host's sources and push incidents to the collector (default)
          replay   play a recorded scenario folder (metrics.om, events.jsonl, topology.json) through
                   the same pipeline on virtual time, print the timeline, and exit; with --collector,
                   once that collector has acknowledged every revision
          sample   print what one source reads right now as OpenMetrics text, and exit
          check-config  validate the configuration and the topology, read each enabled source (twice,
                   a second apart) and say what it saw and what the topology does not know; exit 1
                   when a source cannot read, 2 when the configuration is not valid
          discover write a topology skeleton from what this host sees (FC HBA and storage ports,
                   multipath maps and paths with their ALUA states, Postfix, Dovecot and the mounts
                   of their mail stores), with "FILL IN" blanks for what it cannot know; exit 1 when
                   something could not be read (the rest is still written), 2 on a usage error
          --speed N       times faster than real time (0 = as fast as possible; default 600)
          --json          write the timeline as JSON lines (findings, revisions, a summary) for backtests
          --collector URL collector gRPC address, e.g. http://127.0.0.1:4317; run: default from the config;
                          replay: pushes only when given (the config's collector is not used)
          --config FILE   configuration file (default: /etc/monitor/agent.json when it exists,
                          else config/agent.json when it exists)
          --root DIR      read the source's files (discover: /sys, /proc, /etc) under DIR instead of /
                          (a captured tree); discover then reads config files, not postconf or doveconf
          --host NAME     the host's name in the skeleton (default: Agent:Host, as the sources use it)
          --out FILE      write the skeleton to FILE, never over an existing one (default: standard output)
          --multipath-file FILE   a saved `multipathd show maps json` (default: ask multipathd, else sysfs)
          --postfix-config DIR    run `postconf -c DIR` (default: Postfix's own; under --root, main.cf)
          --dovecot-config FILE   run `doveconf -c FILE` (default: Dovecot's own; under --root, dovecot.conf)
          --file FILE     read a saved output (postqueue -j, a log file) instead of the live one
        """;

    /// <summary>Parses the arguments; throws <see cref="ConfigurationError"/> on a bad one.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var verb = "run";
        string? config = null;
        var overrides = new List<string>();
        var i = 0;
        if (args.Count > 0 && !args[0].StartsWith('-'))
        {
            verb = args[0];
            i = 1;
        }

        // Asking for help or the version is not a mistake: it answers on standard output and exits 0.
        if (verb is "help" || args.Any(a => a is "-h" or "--help"))
        {
            return new CommandLine("help", null, []);
        }

        if (verb is "version" || args.Any(a => a is "--version"))
        {
            return new CommandLine("version", null, []);
        }

        if (verb is not ("run" or "replay" or "sample" or "check-config" or "discover"))
        {
            throw new ConfigurationError($"unknown command '{verb}'.{Environment.NewLine}{Usage}");
        }

        string Value(string flag) =>
            ++i < args.Count ? args[i] : throw new ConfigurationError($"{flag} needs a value.{Environment.NewLine}{Usage}");

        if (verb == "replay")
        {
            if (i >= args.Count || args[i].StartsWith('-'))
            {
                throw new ConfigurationError($"replay needs a scenario folder.{Environment.NewLine}{Usage}");
            }

            var scenario = args[i++];
            overrides.Add($"--Agent:Sources:Replay:Enabled=true");
            overrides.Add($"--Agent:Sources:Replay:Path={scenario}");
            overrides.Add($"--Agent:TopologyPath={Path.Combine(scenario, "topology.json")}");
            overrides.Add("--Agent:ExitWhenDone=true");
            overrides.Add("--Agent:Outbox:Durable=false");
            overrides.Add("--Agent:Http:Listen=");
        }

        Sources.SourceDefinition? sampled = null;
        if (verb == "sample")
        {
            if (i >= args.Count || args[i].StartsWith('-'))
            {
                throw new ConfigurationError($"sample needs a source name ({Known()}).{Environment.NewLine}{Usage}");
            }

            sampled = SourceRegistry.Find(args[i]) ?? throw new ConfigurationError($"unknown source '{args[i]}' (known: {Known()})");
            i++;
            overrides.Add("--Agent:Http:Listen=");

            // The sampled source is used, so its settings are checked as an enabled source's are
            // (a Redfish source without BaseUri is told so, not a crash).
            overrides.Add($"--Agent:Sources:{sampled.Section}:Enabled=true");
        }

        var discover = verb == "discover" ? new Discovery.DiscoverOptions() : null;
        for (; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--root" when discover is not null:
                    discover = discover with { Root = Value("--root") };
                    break;
                case "--host" when discover is not null:
                    overrides.Add($"--Agent:Host={Value("--host")}");
                    break;
                case "--out" when discover is not null:
                    discover = discover with { OutputFile = Value("--out") };
                    break;
                case "--multipath-file" when discover is not null:
                    discover = discover with { MultipathFile = Value("--multipath-file") };
                    break;
                case "--postfix-config" when discover is not null:
                    discover = discover with { PostfixConfig = Value("--postfix-config") };
                    break;
                case "--dovecot-config" when discover is not null:
                    discover = discover with { DovecotConfig = Value("--dovecot-config") };
                    break;
                case "--config":
                    config = Value("--config");
                    break;
                case "--json" when verb == "replay":
                    overrides.Add("--Agent:Sources:Replay:Output=json");
                    break;
                case "--speed" when verb == "replay":
                    overrides.Add($"--Agent:Sources:Replay:Speed={Value("--speed")}");
                    break;
                case "--root" when sampled is not null:
                    overrides.Add($"--Agent:Sources:{sampled.Section}:Root={Value("--root")}");
                    break;
                case "--file" when sampled is not null:
                    overrides.Add($"--Agent:Sources:{sampled.Section}:InputFile={Value("--file")}");
                    break;
                case "--collector":
                    overrides.Add($"--Agent:Collector:Address={Value("--collector")}");
                    break;
                case var pass when pass.StartsWith("--", StringComparison.Ordinal) && pass.Contains(':', StringComparison.Ordinal):
                    overrides.Add(pass);
                    break;
                default:
                    throw new ConfigurationError($"unknown argument '{args[i]}'.{Environment.NewLine}{Usage}");
            }
        }

        if (discover is not null)
        {
            // Nothing but the host's name is used: the agent's listener and outbox stay untouched.
            overrides.Add("--Agent:Http:Listen=");
        }

        return new CommandLine(verb, config, overrides) { SampleSource = sampled, Discover = discover };
    }

    private static string Known() => string.Join(", ", SourceRegistry.All.Select(d => d.Name));
}

using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Agent.Clocks;
using Monitor.Agent.Configuration;
using Monitor.Agent.Delivery;
using Monitor.Agent.Detection;
using Monitor.Agent.Health;
using Monitor.Agent.Outbox;
using Monitor.Agent.Replay;
using Monitor.Agent.Revisions;
using Monitor.Agent.Sources;
using Monitor.Agent.Telemetry;
using Monitor.Contracts;
using Monitor.Core.Pipeline;
using Monitor.Core.Topology;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Prometheus;
using Wire = Monitor.Contracts.V1;

namespace Monitor.Agent;

/// <summary>
/// Builds the agent: a worker service (generic host) whose background services are the source
/// runner, the detection worker and the delivery worker, plus /metrics and /healthz on Kestrel
/// when Agent:Http:Listen is set. Configuration is bound and validated before anything starts.
/// </summary>
public static class AgentApplication
{
    /// <summary>This build: --version, monitor_build_info and the identity sent to the collector.</summary>
    public static ProgramVersion Version { get; } = ProgramVersion.Of(typeof(AgentApplication));

    /// <summary>Where the package installs the configuration: the default on a host.</summary>
    public const string InstalledConfigPath = "/etc/monitor/agent.json";

    /// <summary>The configuration of a source checkout, relative to the working directory: the default for development.</summary>
    public const string CheckoutConfigPath = "config/agent.json";

    /// <summary>
    /// The configuration file used without <c>--config</c>: the installed one when it exists (so
    /// <c>monitor-agent check-config</c> on a host reads what the service reads, from any
    /// directory), else the checkout's.
    /// </summary>
    public static string DefaultConfigPath => DefaultConfigPathWhere(File.Exists);

    /// <summary><see cref="DefaultConfigPath"/> on a host where <paramref name="exists"/> says which files there are.</summary>
    public static string DefaultConfigPathWhere(Func<string, bool> exists) => exists(InstalledConfigPath) ? InstalledConfigPath : CheckoutConfigPath;

    /// <summary>Builds the agent from command-line arguments; throws <see cref="ConfigurationError"/> on bad configuration.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="console">Where the replay timeline goes (standard output by default).</param>
    public static IHost Build(string[] args, TextWriter? console = null) => Build(CommandLine.Parse(args), console);

    /// <summary>Builds the agent for a parsed command line (run or replay).</summary>
    public static IHost Build(CommandLine command, TextWriter? console = null)
    {
        var (configuration, options) = LoadConfiguration(command);
        var topology = LoadTopology(options.TopologyPath);
        if (options.Outbox.Durable)
        {
            CheckOutboxFolder(options.Outbox.Path);
        }

        var metrics = new AgentMetrics(NewRegistry());

        IHostApplicationBuilder builder = options.Http.Listen.Length > 0
            ? WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = HostDefaults })
            : Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = HostDefaults, DisableDefaults = false });
        ForgetHostConfigurationFiles(builder.Configuration);
        builder.Configuration.AddConfiguration(configuration);
        ConfigureLogging(builder, options);
        ConfigureServices(builder.Services, configuration, options, metrics, topology, console ?? Console.Out);
        ConfigureTelemetry(builder.Services, options);

        if (builder is WebApplicationBuilder web)
        {
            web.WebHost.UseUrls(options.Http.Listen);
            var app = web.Build();
            app.MapMetrics("/metrics", metrics.Registry);
            app.MapHealthChecks("/healthz");
            StartupMemory.ReleaseWhenStarted(app);
            return app;
        }

        var host = ((HostApplicationBuilder)builder).Build();
        StartupMemory.ReleaseWhenStarted(host);
        return host;
    }

    // The hosts' defaults read appsettings*.json from the working directory and watch it, with
    // its subfolders, for changes. The agent's working directory is its state directory
    // (/var/lib/monitor/agent), so every outbox or state write woke a watcher thread (a folder
    // written every second cost a third of the agent's CPU, in perf). The agent's settings are
    // its own file, read once; nothing is watched.
    private static readonly string[] HostDefaults = ["--hostBuilder:reloadConfigOnChange=false"];

    private static void ForgetHostConfigurationFiles(IConfigurationManager configuration)
    {
        var files = configuration.Sources.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationSource>().ToList();
        foreach (var file in files)
        {
            configuration.Sources.Remove(file);
        }
    }

    /// <summary>Exit code when the configuration cannot be used (a bad value, a port already taken): the message names the key.</summary>
    public const int ConfigurationExitCode = 2;

    /// <summary>Exit code when the agent stopped on an error of its own: a background service failed.</summary>
    public const int FailedExitCode = 3;

    /// <summary>
    /// Runs the agent until it stops and returns its exit code: <see cref="Environment.ExitCode"/>
    /// (0, or 1 when a replay's collector did not acknowledge everything), or
    /// <see cref="FailedExitCode"/> with one line on <paramref name="error"/> when a background
    /// service ended in an exception. The host only logs such an exception and stops, and the
    /// process would exit 0 as if the replay had succeeded.
    /// </summary>
    /// <param name="host">The agent, from <see cref="Build(CommandLine, TextWriter?)"/>.</param>
    /// <param name="error">Where the failure is told (standard error).</param>
    /// <param name="cancellationToken">Stops the agent.</param>
    public static async Task<int> RunAsync(IHost host, TextWriter error, CancellationToken cancellationToken)
    {
        var workers = new List<BackgroundService>();
        try
        {
            // Resolved before the run: the host disposes its services when it stops.
            workers.AddRange(host.Services.GetServices<IHostedService>().OfType<BackgroundService>());
            await host.RunAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            // Another process (often a second agent) holds the port: a setting to change, not a crash.
            await error.WriteLineAsync($"monitor-agent: Agent:Http:Listen: {e.Message} Another process listens there; stop it or choose another port.");
            return ConfigurationExitCode;
        }
#pragma warning disable CA1031 // Every failure ends in a message and an exit code, never a stack dump and 0.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"monitor-agent: stopped on an error: {e.GetType().Name}: {e.Message}");
            return FailedExitCode;
        }

        var failed = workers.Where(w => w.ExecuteTask is { IsFaulted: true }).ToList();
        foreach (var worker in failed)
        {
            var cause = worker.ExecuteTask!.Exception!.GetBaseException();
            await error.WriteLineAsync($"monitor-agent: {worker.GetType().Name} stopped on an error, so the agent stopped: {cause.GetType().Name}: {cause.Message}");
        }

        return failed.Count > 0 ? FailedExitCode : Environment.ExitCode;
    }

    /// <summary>
    /// `run`: builds and runs the agent until it stops, and on SIGHUP reloads its configuration
    /// (thresholds, sources, topology, collector) as node_exporter and Prometheus do: the new
    /// configuration is built and checked while the agent runs; when it is valid the agent stops
    /// gracefully (its incidents saved, see <see cref="Detection.IncidentStateFile"/>) and starts
    /// again with it, continuing the same incidents; when it is not, the agent keeps running with
    /// the configuration it has and says why on <paramref name="error"/>.
    /// </summary>
    /// <param name="command">The parsed command line; the configuration file it names is read again at each reload.</param>
    /// <param name="error">Where reloads and failures are told (standard error).</param>
    /// <param name="cancellationToken">Stops the agent.</param>
    public static async Task<int> RunReloadingAsync(CommandLine command, TextWriter error, CancellationToken cancellationToken)
    {
        var host = Build(command);
        while (true)
        {
            using var reload = new CancellationTokenSource();
            using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, reload.Token);
            IHost? next = null;
            using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true; // SIGHUP's default action ends the process
                try
                {
                    next = Build(command);
                    error.WriteLine("monitor-agent: SIGHUP: the new configuration is valid; restarting the agent with it");
                    reload.Cancel();
                }
                catch (ConfigurationError e)
                {
                    error.WriteLine($"monitor-agent: SIGHUP: the new configuration is not valid, so the agent keeps running with the one it has: {e.Message}");
                }
            });

            int code;
            using (host)
            {
                code = await RunAsync(host, error, running.Token);
            }

            if (!reload.IsCancellationRequested || next is null || cancellationToken.IsCancellationRequested || code != 0)
            {
                next?.Dispose();
                return code;
            }

            host = next;
        }
    }

    /// <summary>`check-config`: see <see cref="ConfigurationCheck"/>; returns the exit code (2 comes as a <see cref="ConfigurationError"/>).</summary>
    public static async Task<int> CheckConfigAsync(CommandLine command, TextWriter output, CancellationToken cancellationToken)
    {
        var (_, options) = LoadConfiguration(command);
        var topology = LoadTopology(options.TopologyPath);
        if (options.Outbox.Durable)
        {
            CheckOutboxFolder(options.Outbox.Path);
        }

        return await ConfigurationCheck.RunAsync(options, topology, Path.GetFullPath(command.ConfigPath ?? DefaultConfigPath), output, cancellationToken);
    }

    /// <summary>`discover`: see <see cref="Discovery.DiscoverCommand"/>; returns the exit code (2 comes as a <see cref="ConfigurationError"/>).</summary>
    public static async Task<int> DiscoverAsync(CommandLine command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (_, options) = LoadConfiguration(command);
        return await Discovery.DiscoverCommand.RunAsync(options.Host, command.Discover!, TimeProvider.System, output, error, cancellationToken);
    }

    /// <summary>`sample NAME`: reads one source and prints OpenMetrics text; returns the exit code.</summary>
    public static async Task<int> SampleAsync(CommandLine command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (_, options) = LoadConfiguration(command);
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Monitor", LogLevel.Warning)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        using var metrics = new AgentMetrics();
        var context = new SourceContext(options.Host, TimeProvider.System, new SourceHealth(), logs, metrics);
        return await SampleCommand.RunAsync(command.SampleSource!, options.Sources, context, output, error, cancellationToken);
    }

    private static (IConfiguration Configuration, AgentOptions Options) LoadConfiguration(CommandLine command)
    {
        var configuration = new ConfigurationManager();
        var configPath = command.ConfigPath ?? DefaultConfigPath;
        if (command.ConfigPath is not null && !File.Exists(configPath))
        {
            throw new ConfigurationError($"--config {configPath}: file not found");
        }

        try
        {
            if (command.IgnoresConfiguredCollector)
            {
                // The site's settings without its collector: a backtest must not deliver there.
                var site = new ConfigurationBuilder()
                    .AddJsonFile(Path.GetFullPath(configPath), optional: true, reloadOnChange: false)
                    .AddEnvironmentVariables("MONITOR_")
                    .Build();
                configuration.AddInMemoryCollection(site.AsEnumerable().Where(kv => kv.Value is not null && !IsCollectorKey(kv.Key)));
            }
            else
            {
                configuration.AddJsonFile(Path.GetFullPath(configPath), optional: true, reloadOnChange: false);
                configuration.AddEnvironmentVariables("MONITOR_");
            }
        }
        catch (InvalidDataException e)
        {
            throw new ConfigurationError($"{configPath}: not valid JSON{JsonPlace.Of(e)}: {e.InnerException?.Message ?? e.Message}", e);
        }

        configuration.AddCommandLine([.. command.ConfigurationArgs]);
        return (configuration, BindOptions(configuration));
    }

    private static bool IsCollectorKey(string key) =>
        key.Equals("Agent:Collector", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Agent:Collector:", StringComparison.OrdinalIgnoreCase);

    // The options decide what the host is (Kestrel or not, which sources, which outbox), so they
    // are made and validated before it, by the options factory the host would use: the binding
    // and the validator are the IConfigureOptions and IValidateOptions registered below.
    private static AgentOptions BindOptions(IConfiguration configuration)
    {
        var factory = new OptionsFactory<AgentOptions>(
            [new AgentOptionsBinding(configuration)], [], [new AgentOptionsValidator()]);
        try
        {
            return factory.Create(Options.DefaultName);
        }
        catch (OptionsValidationException e)
        {
            throw new ConfigurationError(string.Join(Environment.NewLine, e.Failures), e);
        }
    }

    // A registry per application, as the collector has: two agents in one process never share counters.
    private static CollectorRegistry NewRegistry()
    {
        var registry = Metrics.NewCustomRegistry();
        ProcessStats.Register(registry);
        return registry;
    }

    private static SiteTopology LoadTopology(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationError($"Agent:TopologyPath = '{path}': file not found (expected the site's topology.json)");
        }

        using var stream = File.OpenRead(path);
        try
        {
            return TopologyLoader.Load(stream, path);
        }
        catch (TopologyException e)
        {
            throw new ConfigurationError(e.Message, e);
        }
    }

    // The outbox is where unacknowledged revisions wait; a folder that cannot be made or written
    // is told at start with its key, before any revision would be lost to it.
    private static void CheckOutboxFolder(string path)
    {
        var probe = Path.Combine(path, $".write-check-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(path);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationError($"Agent:Outbox:Path = '{path}': the outbox folder cannot be created or written: {e.Message}", e);
        }
    }

    private static void ConfigureLogging(IHostApplicationBuilder builder, AgentOptions options)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        switch (LogFormat(options.Telemetry.LogFormat))
        {
            case "json":
                builder.Logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffzzz");
                break;
            case "systemd":
                builder.Logging.AddSystemdConsole();
                break;
            default:
                builder.Logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffzzz ";
                });
                break;
        }

        // Every scrape of /metrics or /healthz would otherwise write four lines: off unless the
        // configuration's Logging section asks for them.
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        if (options.ExitWhenDone)
        {
            // A replay's story is the timeline on standard output; the log only says what went wrong.
            builder.Logging.AddFilter("Monitor", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        }
    }

    // journald sets JOURNAL_STREAM for a service's standard streams; there it adds the time itself
    // and reads the priority from the "<6>" prefix the systemd format writes.
    private static string LogFormat(string configured) =>
        configured != "auto" ? configured
        : Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 } ? "systemd"
        : "text";

    private static void ConfigureServices(
        IServiceCollection services, IConfiguration configuration, AgentOptions options, AgentMetrics metrics, SiteTopology topology, TextWriter console)
    {
        services.AddSingleton<IConfigureOptions<AgentOptions>>(new AgentOptionsBinding(configuration));
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        services.AddOptions<AgentOptions>().ValidateOnStart();
        services.AddSingleton(options);
        services.AddSingleton(options.Collector);
        services.AddSingleton(_ => metrics); // registered by a factory, so the host disposes it (and its meter)
        services.AddSingleton(topology);
        services.AddSingleton(new WallClock(TimeProvider.System));
        services.AddSingleton<AgentLifecycle>();
        services.AddSingleton<SourceHealth>();
        if (options.Outbox.Durable)
        {
            services.AddSingleton(options.Outbox);
            services.AddSingleton<IOutbox, DurableOutbox>();

            // Beside the outbox, because it is the same kind of state: what a restart must continue.
            services.AddSingleton(sp => new IncidentStateFile(options.Outbox.Path, metrics, sp.GetRequiredService<ILogger<IncidentStateFile>>()));
        }
        else
        {
            services.AddSingleton<IOutbox, MemoryOutbox>();
        }
        services.AddSingleton(_ => new DetectionPipeline(topology, options.Detection, options.Incidents, DetectionPipeline.AllRules, options.AgentId));
        services.AddSingleton(new RevisionMapper(topology, new Wire.AgentIdentity
        {
            AgentId = options.AgentId,
            Host = options.Host,
            Site = options.Site.Length > 0 ? options.Site : topology.Site.Name,
            AgentVersion = Version.Version,
        }, new RevisionFitter(options.Collector.MaxStringLength)));

        var batches = Channel.CreateBounded<SourceBatch>(new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        services.AddSingleton(batches.Reader);
        services.AddSingleton(batches.Writer);

        if (options.Sources.Replay.Enabled)
        {
            var clock = new ReplayClock(DateTimeOffset.UnixEpoch);
            services.AddSingleton(clock);
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton(options.Sources.Replay);
            services.AddSingleton<ISource, ScenarioReplay>();
            services.AddSingleton<IReplayOutput>(options.Sources.Replay.Output == "json"
                ? new ReplayJsonLines(console)
                : new ReplayConsole(options.Sources.Replay, topology, console));
            services.AddSingleton<IDetectionObserver>(sp => sp.GetRequiredService<IReplayOutput>());
        }
        else
        {
            services.AddSingleton(TimeProvider.System);
        }

        services.AddSingleton(sp => new SourceContext(
            options.Host, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SourceHealth>(), sp.GetRequiredService<ILoggerFactory>(), metrics, topology.MailDomains));
        foreach (var definition in SourceRegistry.All.Where(d => d.Options(options.Sources).Enabled))
        {
            services.AddSingleton<ISource>(sp => definition.Create(options.Sources, sp.GetRequiredService<SourceContext>()));
        }

        services.AddHostedService<SourceRunner>();
        services.AddHostedService<DetectionWorker>();
        services.AddSingleton<DeliveryHealth>();
        if (options.Collector.Address.Length > 0)
        {
            // Read now, so a file that vanished since validation stops the start with its name.
            var credentials = CollectorCredentials.Load(options.Collector);
            services.AddSingleton(credentials);
            services.AddSingleton(sp => new CollectorClient(
                options.Collector, credentials, sp.GetRequiredService<WallClock>(), metrics, sp.GetRequiredService<ILogger<CollectorClient>>()));
            services.AddHostedService<DeliveryWorker>();
        }

        if (options.ExitWhenDone && options.Sources.Replay.Enabled)
        {
            services.AddHostedService<ReplayCompletion>();
        }

        services.AddHealthChecks().AddCheck<AgentHealthCheck>("agent");
    }

    private static void ConfigureTelemetry(IServiceCollection services, AgentOptions options)
    {
        if (options.Telemetry.OtlpEndpoint.Length == 0)
        {
            return;
        }

        var endpoint = new Uri(options.Telemetry.OtlpEndpoint);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("monitor-agent", serviceInstanceId: options.AgentId))
            .WithTracing(t => t.AddSource(AgentTelemetry.Name).AddOtlpExporter(o => o.Endpoint = endpoint))
            .WithMetrics(m => m.AddMeter(AgentTelemetry.Name).AddOtlpExporter(o => o.Endpoint = endpoint));
    }
}

namespace Monitor.Collector.Configuration;

/// <summary>
/// Who may use the web pages and the HTTP API, bound from <c>Collector:Web</c>. Every page, the
/// API, the report downloads and <c>/metrics</c> need a signed-in user or a token; <c>/healthz</c>
/// stays open for liveness probes. Reading needs the <c>read-only</c> role, every on-call action
/// (acknowledge, resolve, notes) the <c>on-call</c> role. With no users, no tokens and no
/// <see cref="Anonymous"/> access, the pages refuse everyone (agents can still push).
/// </summary>
public sealed class WebOptions
{
    /// <summary>The role that lets a person or a program read pages, the API, reports and metrics.</summary>
    public const string ReadOnly = "read-only";

    /// <summary>The role that also lets a person act on an incident (acknowledge, resolve, notes).</summary>
    public const string OnCall = "on-call";

    /// <summary>No access without signing in.</summary>
    public const string NoOne = "none";

    /// <summary>People who sign in with a name and a password (HTTP Basic, as a browser asks). Default: none.</summary>
    public WebUserOptions[] Users { get; set; } = [];

    /// <summary>Programs that send <c>Authorization: Bearer &lt;token&gt;</c> (Prometheus, scripts). Default: none.</summary>
    public WebTokenOptions[] Tokens { get; set; } = [];

    /// <summary>
    /// What someone who does not sign in may do: <c>none</c>, <c>read-only</c> (a closed lab
    /// network), or <c>on-call</c> (a closed lab network where people type their name on the
    /// forms, as before sign-in existed). Anything but <c>none</c> is warned about at start.
    /// Default: <c>none</c>.
    /// </summary>
    public string Anonymous { get; set; } = NoOne;

    /// <summary>
    /// Lets anyone read <c>/metrics</c> without signing in (a Prometheus without
    /// <c>bearer_token_file</c> on a closed network). Default: false (<c>/metrics</c> needs read-only).
    /// </summary>
    public bool AnonymousMetrics { get; set; }

    /// <summary>
    /// Page, report and API requests rendered at once; more wait (up to eight times as many) or
    /// are answered 503 with <c>Retry-After</c>. <c>/healthz</c>, <c>/metrics</c> and agents' pushes
    /// are not counted. Default: 0, meaning one less than the processors (at least one).
    /// </summary>
    public int MaxConcurrentReads { get; set; }
}

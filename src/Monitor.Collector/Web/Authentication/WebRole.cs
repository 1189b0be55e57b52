namespace Monitor.Collector.Web.Authentication;

/// <summary>What a person or a program may do on the web endpoints; each role includes the ones below it.</summary>
internal enum WebRole
{
    /// <summary>Nothing but <c>/healthz</c>.</summary>
    None = 0,

    /// <summary>Pages, the API, report downloads and <c>/metrics</c>.</summary>
    ReadOnly = 1,

    /// <summary>Read-only, and the on-call actions: acknowledge, resolve, notes.</summary>
    OnCall = 2,
}

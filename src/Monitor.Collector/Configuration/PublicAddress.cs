namespace Monitor.Collector.Configuration;

/// <summary>
/// Where people reach the web pages: <c>Collector:PublicUrl</c> when set, else the address the
/// web endpoint is bound to. Alerts and acknowledgements link to incident pages through it.
/// </summary>
public sealed class PublicAddress
{
    private readonly string _configured;
    private readonly Func<Uri?> _bound;

    /// <summary>Creates it from the configured address and a way to read the bound one.</summary>
    public PublicAddress(string configured, Func<Uri?> bound)
    {
        _configured = configured;
        _bound = bound;
    }

    /// <summary>The base address, ending in "/".</summary>
    public Uri Base
    {
        get
        {
            var text = !string.IsNullOrEmpty(_configured) ? _configured : _bound()?.ToString() ?? "http://127.0.0.1/";
            return new Uri(text.EndsWith('/') ? text : text + "/");
        }
    }

    /// <summary>The page of incident <paramref name="id"/>.</summary>
    public string IncidentPage(string id) => new Uri(Base, "incidents/" + Uri.EscapeDataString(id)).ToString();
}


namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// A Prometheus exporter the site already runs (Agent:Sources:Exporter): where to scrape, and how
/// its series map to Monitor's metrics (a mapping file, inline rules, or both).
/// </summary>
public sealed class ExporterOptions : SourceOptions
{
    /// <summary>The exporter's metrics URL, e.g. "http://127.0.0.1:12990/metrics". Not needed with InputFile (a saved exposition).</summary>
    public string Url { get; set; } = "";

    /// <summary>A mapping file, e.g. "config/mappings/netapp-harvest.json". Default empty.</summary>
    public string MappingFile { get; set; } = "";

    /// <summary>Rules written in config; applied after the mapping file's.</summary>
    public List<ExporterRule> Rules { get; set; } = [];

    /// <inheritdoc/>
    public override IEnumerable<string> Validate(string keyPrefix)
    {
        var errors = new List<string>();
        if (InputFile.Length == 0
            && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add($"{keyPrefix}:Url = '{Url}' is not valid: expected the exporter's absolute http:// or https:// metrics URL (or set InputFile)");
        }

        ExporterMapping.Load(this, keyPrefix, errors);
        return errors;
    }
}

/// <summary>
/// One mapping rule: which exposition series it takes and what Monitor sample it makes of them.
/// The same shape is used in config and in mapping files (there in camelCase).
/// </summary>
public sealed class ExporterRule
{
    /// <summary>The exporter's metric name, e.g. "node_disk_reads_completed_total".</summary>
    public string Match { get; set; } = "";

    /// <summary>Label matchers: "value" (equal), "!value" (not equal), "~regex" (full match), "!~regex"; "=value" for a value that starts with ! or ~.</summary>
    public Dictionary<string, string> Labels { get; set; } = [];

    /// <summary>The Monitor metric, e.g. "monitor_block_read_iops".</summary>
    public string Metric { get; set; } = "";

    /// <summary>The entity, from labels: "{$host}/{device}" ({$host} is the agent's host), "{cluster}/{node}". A series whose named label is empty or absent is skipped.</summary>
    public string Entity { get; set; } = "";

    /// <summary>Factor applied last, e.g. 0.000001 for microseconds to seconds. Default 1.</summary>
    public double Scale { get; set; } = 1;

    /// <summary>The series is a counter: emit its per-second rate between two scrapes (nothing on the first). Default false.</summary>
    public bool Rate { get; set; }

    /// <summary>Take the value from this label through <see cref="Values"/> (an enum or info series; series whose value is 0 are not the current state and are skipped). Default empty: the series' value.</summary>
    public string ValueLabel { get; set; } = "";

    /// <summary>Value map: label value (with ValueLabel) or the series' value written as text ("1", "0") to the value emitted.</summary>
    public Dictionary<string, double> Values { get; set; } = [];

    /// <summary>What a value missing from <see cref="Values"/> maps to. Default none: such a series is skipped and logged.</summary>
    public double? Default { get; set; }

    /// <summary>How several series that map to one metric and entity combine: sum, min, max or avg. Default sum.</summary>
    public string Aggregate { get; set; } = "sum";
}

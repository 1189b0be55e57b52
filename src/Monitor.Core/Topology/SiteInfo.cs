namespace Monitor.Core.Topology;

/// <summary>Where a site is, for the report.</summary>
/// <param name="Name">Short name.</param>
/// <param name="Operator">Operator's name.</param>
/// <param name="Location">Data center or building.</param>
/// <param name="Area">Area served.</param>
/// <param name="TimeZone">IANA time zone for reports.</param>
public sealed record SiteInfo(string Name, string Operator, string Location, string Area, string TimeZone);

using Monitor.Core.Topology;

namespace Monitor.Core.Tests.TestSupport;

/// <summary>
/// The CTY site with a second service on the same MX (mail01): CTY mail for cty.ne.jp, and
/// "Other mail" (1,000 contracts) for other.example.jp, on its own volume.
/// </summary>
internal static class SharedMxSite
{
    public const string CtyDomain = "cty.ne.jp";
    public const string OtherDomain = "other.example.jp";

    /// <summary>Both services on mail01, each with its domain (or CTY without, when <paramref name="ctyListsDomains"/> is false).</summary>
    public static TopologyDocument Document(bool ctyListsDomains = true)
    {
        var document = TestSite.Document(withSecondStorage: true);
        var cty = document.Services.Single(s => s.Id == TestSite.Service);
        var other = document.Services.Single(s => s.Id == TestSite.OtherService);
        cty.Domains = ctyListsDomains ? [CtyDomain] : [];
        other.Hosts = [TestSite.Host];
        other.Domains = [OtherDomain];
        return document;
    }

    /// <summary>The site built.</summary>
    public static SiteTopology Site { get; } = TopologyLoader.Build(Document(), "shared-mx-topology.json");
}

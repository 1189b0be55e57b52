using System.Text;
using Monitor.Core.Tests.TestSupport;
using Monitor.Core.Topology;

namespace Monitor.Core.Tests.Topology;

public sealed class TopologyLoaderTests
{
    private static TopologyException BuildFails(TopologyDocument document) =>
        Assert.Throws<TopologyException>(() => TopologyLoader.Build(document, "topology.json"));

    private static SiteTopology Load(string json) =>
        TopologyLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "topology.json");

    private const string MinimalJson = """
        {
          "schemaVersion": 1,
          "hosts": [ { "id": "mail01" } ],
          "controllers": [ { "id": "ctl-a", "ratedIops": 40000, "ratedThroughputBytesPerSecond": 800000000 } ],
          "volumes": [ { "id": "vol-mail", "controllers": [ "ctl-a" ] } ],
          "paths": [ { "id": "p1", "host": "mail01", "controller": "ctl-a", "volume": "vol-mail" } ],
          "services": [ { "id": "svc", "category": 5, "hosts": [ "mail01" ], "volumes": [ "vol-mail" ], "functions": [ "pop3" ], "populations": [ "users" ] } ],
          "populations": [ { "key": "users", "contracts": 10 } ]
        }
        """;

    [Fact]
    public void Build_ValidDocument_BuildsTheSite()
    {
        var site = TopologyLoader.Build(TestSite.Document(), "topology.json");

        Assert.Equal([TestSite.CtlA, TestSite.CtlB], site.Controllers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(TestSite.CtlB, site.Controllers[TestSite.CtlA].Partner);
        Assert.Equal(TestSite.RatedIops, site.Controllers[TestSite.CtlA].RatedIops);
        Assert.Equal(EntityType.ServiceFunction, site.Find(TestSite.Pop3)?.Type);
        Assert.Equal(EntityType.Path, site.Find(TestSite.PathA)?.Type);
        Assert.Equal(TestSite.Contracts, site.Populations[TestSite.Population].Contracts);
        Assert.Equal(2, site.Paths.Count);
    }

    [Fact]
    public void Build_PathToUnknownController_NamesThePlaceTheBadIdAndTheKnownIds()
    {
        var document = TestSite.Document();
        document.Paths[0].Controller = "ctl-x";

        var e = BuildFails(document);

        var problem = Assert.Single(e.Problems);
        Assert.Contains("paths[0].controller", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'ctl-x'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("known: ctl-a, ctl-b", problem.Message, StringComparison.Ordinal);
        Assert.Contains("paths[0].controller", e.Message, StringComparison.Ordinal);
        Assert.Contains("ctl-x", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PathNamingAVolumeAsController_IsRejected()
    {
        var document = TestSite.Document();
        document.Paths[1].Controller = TestSite.Volume;

        var e = BuildFails(document);

        Assert.Contains("paths[1].controller", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DuplicateId_IsReported()
    {
        var document = TestSite.Document();
        document.Hosts.Add(new HostDocument { Id = TestSite.Host });

        var e = BuildFails(document);

        var problem = Assert.Single(e.Problems);
        Assert.Contains("hosts[1].id", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'mail01' is used twice", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_IdUsedByTwoKindsOfEntity_IsReported()
    {
        var document = TestSite.Document();
        document.Volumes.Add(new VolumeDocument { Id = TestSite.CtlA, Controllers = [TestSite.CtlB] });

        var e = BuildFails(document);

        Assert.Contains(e.Problems, p => p.Message.Contains("volumes[1].id", StringComparison.Ordinal)
            && p.Message.Contains("used twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_IdWithSlash_IsReported()
    {
        var document = TestSite.Document();
        document.Hosts.Add(new HostDocument { Id = "mail/02" });

        var e = BuildFails(document);

        Assert.Contains("must not contain '/'", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-40000)]
    [InlineData(double.NaN)]
    public void Build_NonPositiveRatedIops_IsReported(double rated)
    {
        var document = TestSite.Document();
        document.Controllers[1].RatedIops = rated;

        var e = BuildFails(document);

        Assert.Contains("controllers[1].ratedIops", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NonPositiveRatedThroughput_IsReported()
    {
        var document = TestSite.Document();
        document.Controllers[0].RatedThroughputBytesPerSecond = 0;

        var e = BuildFails(document);

        Assert.Contains("controllers[0].ratedThroughputBytesPerSecond", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Build_CategoryOutsideOneToFive_IsReported(int category)
    {
        var document = TestSite.Document();
        document.Services[0].Category = category;

        var e = BuildFails(document);

        var problem = Assert.Single(e.Problems);
        Assert.Contains("services[0].category", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"is {category}", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UnknownPopulation_NamesItAndTheKnownKeys()
    {
        var document = TestSite.Document();
        document.Services[0].Populations = ["nobody"];

        var e = BuildFails(document);

        var problem = Assert.Single(e.Problems);
        Assert.Contains("services[0].populations[0]", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'nobody'", problem.Message, StringComparison.Ordinal);
        Assert.Contains(TestSite.Population, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ServiceWithoutFunctions_IsReported()
    {
        var document = TestSite.Document();
        document.Services[0].Functions = [];

        var e = BuildFails(document);

        Assert.Contains("services[0].functions", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }

    // "cty-mail/pop3" is an entity id like any other; listing a function twice makes the
    // service-down rule report it twice and the report's service table show it twice.
    [Fact]
    public void Build_FunctionListedTwice_IsReported()
    {
        var document = TestSite.Document();
        document.Services[0].Functions = ["pop3", "smtp-in", "pop3"];

        var e = BuildFails(document);

        Assert.Contains("services[0].functions", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WrongSchemaVersion_IsReported()
    {
        var document = TestSite.Document();
        document.SchemaVersion = 2;

        var e = BuildFails(document);

        Assert.Contains("schemaVersion", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SeveralProblems_ReportsEveryOneAtOnce()
    {
        var document = TestSite.Document();
        document.Paths[0].Controller = "ctl-x";
        document.Controllers[0].RatedIops = 0;
        document.Services[0].Category = 9;

        var e = BuildFails(document);

        Assert.Equal(3, e.Problems.Count);
        Assert.All(e.Problems, p => Assert.Equal("topology.json", p.Source));
    }

    [Fact]
    public void Load_MinimalJson_BuildsTheSite()
    {
        var site = Load(MinimalJson);

        Assert.True(site.Reaches("ctl-a", "svc/pop3"));
        Assert.Equal(10, site.Populations["users"].Contracts);
    }

    [Fact]
    public void Load_UnknownField_NamesIt()
    {
        var json = MinimalJson.Replace("\"ratedIops\": 40000", "\"ratedIopz\": 40000", StringComparison.Ordinal);

        var e = Assert.Throws<TopologyException>(() => Load(json));

        var problem = Assert.Single(e.Problems);
        Assert.Contains("ratedIopz", problem.Message, StringComparison.Ordinal);
        Assert.Equal(4, problem.Line);
    }

    [Fact]
    public void Load_MalformedJson_GivesTheLine()
    {
        var json = MinimalJson.Replace("\"contracts\": 10", "\"contracts\": ", StringComparison.Ordinal);

        var e = Assert.Throws<TopologyException>(() => Load(json));

        Assert.Equal(8, Assert.Single(e.Problems).Line);
    }

    [Fact]
    public void Load_Null_IsReportedAsEmpty()
    {
        var e = Assert.Throws<TopologyException>(() => Load("null"));

        Assert.Contains("empty", Assert.Single(e.Problems).Message, StringComparison.Ordinal);
    }

    // "hosts": null is a mistake in the file, like any other: it must come back as a
    // TopologyException naming the field, not as a NullReferenceException from Build.
    [Theory]
    [InlineData("\"hosts\": [ { \"id\": \"mail01\" } ]", "\"hosts\": null", "hosts")]
    [InlineData("\"functions\": [ \"pop3\" ]", "\"functions\": null", "functions")]
    public void Load_NullList_IsReportedAsAProblem(string valid, string broken, string field)
    {
        var json = MinimalJson.Replace(valid, broken, StringComparison.Ordinal);

        var e = Assert.Throws<TopologyException>(() => Load(json));

        Assert.Contains(e.Problems, p => p.Message.Contains(field, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_CtyScenarioFile_IsValid()
    {
        using var file = File.OpenRead(RepositoryPaths.File("config/scenarios/cty-2017/topology.json"));

        var site = TopologyLoader.Load(file, "topology.json");

        Assert.Equal(50_511, site.Populations["cty-mail-contracts"].Contracts);
        Assert.True(site.Reaches("ctl-a", "cty-mail/pop3"));
        Assert.Equal("ctl-b", site.Controllers["ctl-a"].Partner);
    }

    [Fact]
    public void Build_PartnersThatDoNotNameEachOther_IsReported()
    {
        var document = TestSite.Document();
        document.Controllers[1].Partner = null;

        var e = Assert.Throws<TopologyException>(() => TopologyLoader.Build(document, "topology.json"));

        var problem = Assert.Single(e.Problems);
        Assert.Contains("controllers[0].partner", problem.Message, StringComparison.Ordinal);
        Assert.Contains("partners must name each other", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ControllerItsOwnPartner_IsRefusedNamingIt()
    {
        // Issue 13: accepted, it then read its own load as its partner's take-over (false findings).
        var document = TestSite.Document();
        document.Controllers[1].Partner = null;
        document.Controllers[0].Partner = document.Controllers[0].Id;

        var e = Assert.Throws<TopologyException>(() => TopologyLoader.Build(document, "topology.json"));

        var problem = Assert.Single(e.Problems);
        Assert.Contains("controllers[0].partner", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"'{document.Controllers[0].Id}' names itself as its partner", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PathThroughAnotherHostsPort_IsReported()
    {
        var document = TestSite.Document();
        document.Hosts.Add(new HostDocument { Id = "mail02" });
        document.Paths[1].Host = "mail02";

        var e = Assert.Throws<TopologyException>(() => TopologyLoader.Build(document, "topology.json"));

        var problem = Assert.Single(e.Problems);
        Assert.Contains("paths[1].hbaPort", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'mail01:host2' is a port of host 'mail01'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Aliases_ResolveToTheirEntity()
    {
        var document = TestSite.Document();
        document.Paths[0].Aliases = ["mail01/sdc"];
        document.HbaPorts[0].Aliases = ["mail01/host3"];

        var site = TopologyLoader.Build(document, "topology.json");

        Assert.Equal(TestSite.PathA, site.Resolve("mail01/sdc"));
        Assert.Equal("mail01:host1", site.Resolve("mail01/host3"));
        Assert.Equal("unknown/sdz", site.Resolve("unknown/sdz"));
    }

    [Fact]
    public void Build_AliasUsedTwice_IsReported()
    {
        var document = TestSite.Document();
        document.Paths[0].Aliases = ["mail01/sdc"];
        document.Paths[1].Aliases = ["mail01/sdc"];

        var e = Assert.Throws<TopologyException>(() => TopologyLoader.Build(document, "topology.json"));

        var problem = Assert.Single(e.Problems);
        Assert.Contains("paths[1].aliases[0]", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"already names '{TestSite.PathA}'", problem.Message, StringComparison.Ordinal);
    }
}

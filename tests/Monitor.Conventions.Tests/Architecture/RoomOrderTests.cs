namespace Monitor.Conventions.Tests.Architecture;

/// <summary>The rooms of src/ point one way, as <see cref="RoomOrder"/> writes it.</summary>
public sealed class RoomOrderTests
{
    private static readonly IReadOnlyList<SourceFile> Files = SourceFile.ReadAll(Path.Combine(RepositoryPaths.Root, "src"));

    [Fact]
    public void SourceTree_HasNoBackEdgeOrCycle()
    {
        Assert.True(Files.Count > 100, $"only {Files.Count} files read under {Path.Combine(RepositoryPaths.Root, "src")}");
        var problems = RoomGraph.BackEdges(Files);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void SourceTree_EveryRoomHasItsPlace()
    {
        var problems = RoomGraph.UnplacedRooms(Files);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void SourceTree_NamespacesFollowFolders()
    {
        var problems = RoomGraph.MisplacedNamespaces(Files);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void BackEdges_UpstreamRoomUsingDownstreamRoom_IsReported()
    {
        var file = SourceFile.Read("Agent", "Sources/Storage/FcHost.cs", """
            using Monitor.Agent.Delivery;
            using Monitor.Core.Signals;

            namespace Monitor.Agent.Sources.Storage;
            """);

        var problem = Assert.Single(RoomGraph.BackEdges([file]));
        Assert.Contains("Sources/Storage/FcHost.cs uses Monitor.Agent.Delivery: Delivery comes after Sources", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void BackEdges_CoreUsingTheAgent_IsReported()
    {
        var file = SourceFile.Read("Core", "Rules/GrayPath.cs", """
            namespace Monitor.Core.Rules;

            internal sealed class GrayPath { private readonly Monitor.Agent.Sources.ISource? _source; }
            """);

        Assert.Contains("Core may use only itself", Assert.Single(RoomGraph.BackEdges([file])), StringComparison.Ordinal);
    }

    [Fact]
    public void BackEdges_NamesInCommentsAndStrings_AreNotReferences()
    {
        var file = SourceFile.Read("Core", "Signals/Sample.cs", """
            namespace Monitor.Core.Signals;

            // Monitor.Core.Pipeline reads these.
            internal sealed class Sample { public const string Name = "Monitor.Agent.Delivery"; }
            """);

        Assert.Empty(RoomGraph.BackEdges([file]));
    }

    [Fact]
    public void MisplacedNamespaces_NamespaceNotFollowingFolder_IsReported()
    {
        var file = SourceFile.Read("Collector", "Store/Sqlite/SqliteStore.cs", "namespace Monitor.Collector.Store;");

        Assert.Contains("folder says 'Monitor.Collector.Store.Sqlite'", Assert.Single(RoomGraph.MisplacedNamespaces([file])), StringComparison.Ordinal);
    }
}

namespace Monitor.Collector.Tests;

/// <summary>Where the repository is, found from the test's output directory by its solution file.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Scenario(string name) => Path.Combine(Root, "config", "scenarios", name);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Monitor.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Monitor.sln above {AppContext.BaseDirectory}");
    }
}

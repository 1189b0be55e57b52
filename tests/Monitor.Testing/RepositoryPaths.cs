namespace Monitor.Testing;

/// <summary>
/// Where the repository's files are, found from the test's output directory by the solution
/// file, and the real captures in <c>../shared/fixtures</c> beside the repository.
/// </summary>
public static class RepositoryPaths
{
    /// <summary>The folder that holds <c>Monitor.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The shared fixtures (real captures) beside the repository: <c>../shared/fixtures</c>.</summary>
    public static string Fixtures { get; } = Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures"));

    /// <summary>The folder of scenario <paramref name="name"/> under <c>config/scenarios</c>.</summary>
    public static string Scenario(string name) => Path.Combine(Root, "config", "scenarios", name);

    /// <summary>The path of <paramref name="parts"/> under <see cref="Fixtures"/>.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([Fixtures, .. parts]);

    /// <summary>The repository's file at <paramref name="relative"/> (with '/' separators); fails when it does not exist.</summary>
    public static string File(string relative)
    {
        var path = Path.Combine(Root, relative);
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"'{relative}' not found in {Root}", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "Monitor.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Monitor.sln above {AppContext.BaseDirectory}");
    }
}

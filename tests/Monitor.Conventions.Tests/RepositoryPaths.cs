namespace Monitor.Conventions.Tests;

/// <summary>Where the repository's source and documents are, found from the test's output folder.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root: the folder that holds Monitor.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>src/.</summary>
    public static string Source => Path.Combine(Root, "src");

    /// <summary>A file of the repository, by its path from the root.</summary>
    public static string File(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Monitor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"Monitor.sln not found above {AppContext.BaseDirectory}");
    }
}

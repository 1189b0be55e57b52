using System.Diagnostics;

namespace Monitor.EndToEnd.Tests.Packaging;

/// <summary>
/// The two Debian packages, built by <c>deploy/package.sh</c> (the script an operator or CI runs)
/// once per test run and unpacked with <c>dpkg-deb -x</c> into scratch roots, as dpkg would
/// install them. The packaging tests, the AOT smoke tests and the live tests share this one build:
/// the packaged agent is the NativeAOT binary, and compiling it takes minutes, so it is compiled
/// once. A failed build fails each of them with the script's output. The folder goes when the test
/// process ends. <c>MONITOR_TEST_PACKAGES=DIR</c> tests the .deb files already in DIR (the output
/// of <c>deploy/package.sh --out DIR</c>) instead of building them again.
/// </summary>
internal sealed class PackageBuild
{
    private static readonly Lazy<Task<PackageBuild>> Once = new(() => Task.Run(BuildAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    private PackageBuild(Dictionary<string, string> roots, Dictionary<string, string> files, string output, TimeSpan took)
    {
        Roots = roots;
        Files = files;
        Output = output;
        Took = took;
    }

    /// <summary>The unpacked root of each package, by package name.</summary>
    public IReadOnlyDictionary<string, string> Roots { get; }

    /// <summary>The .deb file of each package, by package name.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    /// <summary>What the script printed.</summary>
    public string Output { get; }

    /// <summary>How long the script and the unpacking took.</summary>
    public TimeSpan Took { get; }

    /// <summary>The packaged agent, natively compiled: <c>/usr/lib/monitor/monitor-agent/Monitor.Agent</c> in its unpacked root.</summary>
    public string NativeAgent => Path.Combine(Roots["monitor-agent"], "usr", "lib", "monitor", "monitor-agent", "Monitor.Agent");

    /// <summary>The build of this test run: started by the first caller, awaited by the others.</summary>
    public static Task<PackageBuild> OnceAsync() => Once.Value;

    private static async Task<PackageBuild> BuildAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var directory = new TemporaryDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => directory.Dispose();
        var dist = Environment.GetEnvironmentVariable("MONITOR_TEST_PACKAGES") ?? "";
        var output = $"the packages in MONITOR_TEST_PACKAGES={dist}";
        if (dist.Length == 0)
        {
            dist = directory.File("dist");
            (var code, output) = await DebianPackages.RunAsync("bash", [Path.Combine(RepositoryPaths.Root, "deploy", "package.sh"), "--out", dist], TimeSpan.FromMinutes(40));
            if (code != 0)
            {
                throw new InvalidOperationException($"deploy/package.sh exited {code}:\n{output}");
            }
        }

        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var deb in Directory.GetFiles(dist, "*.deb"))
        {
            var package = Path.GetFileName(deb).Split('_')[0];
            var root = directory.File($"root-{package}");
            await UnpackAsync(deb, root);
            roots[package] = root;
            files[package] = deb;
        }

        return new PackageBuild(roots, files, output, Stopwatch.GetElapsedTime(started));
    }

    /// <summary><c>dpkg-deb -x DEB ROOT</c>: the package's files under <paramref name="root"/>, as dpkg would install them under /.</summary>
    public static async Task UnpackAsync(string deb, string root)
    {
        Directory.CreateDirectory(root);
        var (code, output) = await DebianPackages.RunAsync("dpkg-deb", ["-x", deb, root], TimeSpan.FromMinutes(2));
        if (code != 0)
        {
            throw new InvalidOperationException($"dpkg-deb -x {deb} exited {code}:\n{output}");
        }
    }
}

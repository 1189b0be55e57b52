namespace Monitor.EndToEnd.Tests.Packaging;

/// <summary>
/// The packages as an operator installs them: the files where Debian puts them, units that
/// systemd accepts, programs that start from the package, and configuration that is valid as
/// shipped (only the site's own files, under /etc/monitor, are left to write).
/// </summary>
public sealed partial class DebianPackageTests(DebianPackages packages) : IClassFixture<DebianPackages>
{
    public static TheoryData<string, string> Programs => new()
    {
        { "monitor-agent", "Monitor.Agent" },
        { "monitor-collector", "Monitor.Collector" },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task Package_HasItsControlFieldsAndConffiles(string package, string _)
    {
        var (code, info) = await DebianPackages.RunAsync("dpkg-deb", ["--info", packages.Files[package]], TimeSpan.FromMinutes(1));

        Assert.Equal(0, code);
        Assert.Contains($"Package: {package}", info, StringComparison.Ordinal);
        Assert.Matches(@"Version: \d+\.\d+\.\d+", info);
        Assert.Contains("Architecture: amd64", info, StringComparison.Ordinal);
        Assert.Contains("Depends: adduser", info, StringComparison.Ordinal);

        // The configuration is a conffile: an upgrade keeps the operator's edits.
        var (listed, conffiles) = await DebianPackages.RunAsync("dpkg-deb", ["--info", packages.Files[package], "conffiles"], TimeSpan.FromMinutes(1));
        Assert.Equal(0, listed);
        var expected = package == "monitor-agent" ? "/etc/monitor/agent.json" : "/etc/monitor/collector.json";
        Assert.Equal(expected, conffiles.Trim());
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Package_PutsTheProgramTheUnitAndTheConfigurationWhereDebianDoes(string package, string binary)
    {
        var root = packages.Roots[package];
        var link = new FileInfo(Path.Combine(root, "usr", "bin", package));
        Assert.Equal($"/usr/lib/monitor/{package}/{binary}", link.LinkTarget);
        Assert.True(File.Exists(Path.Combine(root, "usr", "lib", "monitor", package, binary)), $"{binary} is not in /usr/lib/monitor/{package}");
        Assert.True(File.Exists(Path.Combine(root, "lib", "systemd", "system", $"{package}.service")));
        Assert.Single(Directory.GetFiles(Path.Combine(root, "etc", "monitor"), "*.json"));
        Assert.True(File.Exists(Path.Combine(root, "usr", "share", "doc", package, "README.md")));
    }

    [Fact]
    public async Task AgentPackage_ShipsOneNativeExecutableAndDependsOnWhatItLinks()
    {
        var folder = Path.Combine(packages.Roots["monitor-agent"], "usr", "lib", "monitor", "monitor-agent");
        var program = Path.Combine(folder, "Monitor.Agent");

        // NativeAOT: the executable alone (no assemblies, no runtime beside it), with the code the
        // compiler wrote in a section of its own, and no single-file bundle of a JIT build inside.
        Assert.Equal(["Monitor.Agent"], Directory.GetFiles(folder).Select(Path.GetFileName));
        var (sections, sectionList) = await DebianPackages.RunAsync("readelf", ["--section-headers", "--wide", program], TimeSpan.FromMinutes(1));
        Assert.Equal(0, sections);
        Assert.Contains(NativeCodeSection, sectionList, StringComparison.Ordinal);
        Assert.False(await ContainsAsync(program, "libcoreclr.so"u8.ToArray()), "Monitor.Agent holds a JIT runtime (libcoreclr.so): not the NativeAOT binary");

        var (info, depends) = await DebianPackages.RunAsync("dpkg-deb", ["--field", packages.Files["monitor-agent"], "Depends"], TimeSpan.FromMinutes(1));
        Assert.Equal(0, info);
        var declared = depends.Split(',').Select(d => d.Trim().Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(declared, d => d.Contains("dotnet", StringComparison.Ordinal));

        // Every library the binary links, by the package that holds it on this machine; and what the runtime opens itself (TLS).
        var (dynamic, dynamicSection) = await DebianPackages.RunAsync("readelf", ["--dynamic", "--wide", program], TimeSpan.FromMinutes(1));
        Assert.Equal(0, dynamic);
        var needed = NeededLibrary().Matches(dynamicSection).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("libc.so.6", needed);
        foreach (var library in needed)
        {
            var (found, owner) = await DebianPackages.RunAsync("dpkg", ["-S", $"*/{library}"], TimeSpan.FromMinutes(1));
            Assert.True(found == 0, $"no package holds {library}: {owner}");
            var holders = owner.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[0]).ToHashSet(StringComparer.Ordinal);
            Assert.True(holders.Overlaps(declared), $"Monitor.Agent links {library} (package {string.Join(", ", holders)}), not in Depends: {depends.Trim()}");
        }

        // TLS is opened at run time; globalization is invariant, so ICU is neither needed nor pulled in.
        Assert.Contains("libssl3", declared);
        Assert.DoesNotContain("libicu72", declared);
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task Unit_PassesSystemdAnalyzeVerify(string package, string binary)
    {
        // Verified against this machine's systemd, with ExecStart pointing at the unpacked program
        // (the package is not installed here); every other line is the unit as shipped.
        var root = packages.Roots[package];
        var shipped = await File.ReadAllTextAsync(Path.Combine(root, "lib", "systemd", "system", $"{package}.service"));
        Assert.Contains($"ExecStart=/usr/bin/{package} ", shipped, StringComparison.Ordinal);
        var folder = Path.Combine(root, "verify");
        Directory.CreateDirectory(folder);
        var unit = Path.Combine(folder, $"{package}.service");
        await File.WriteAllTextAsync(unit, shipped.Replace($"ExecStart=/usr/bin/{package} ", $"ExecStart={Path.Combine(root, "usr", "lib", "monitor", package, binary)} ", StringComparison.Ordinal));

        var (code, output) = await DebianPackages.RunAsync("systemd-analyze", ["verify", unit], TimeSpan.FromMinutes(1));

        Assert.True(code == 0, $"systemd-analyze verify {package}.service exited {code}:\n{output}");
        Assert.True(output.Trim().Length == 0, $"systemd-analyze verify {package}.service complained:\n{output}");
        foreach (var hardening in new[] { "User=monitor", "NoNewPrivileges=yes", "ProtectSystem=strict", "StateDirectory=monitor/", "ConfigurationDirectory=monitor" })
        {
            Assert.Contains(hardening, shipped, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task PackagedProgram_AnswersVersionAndHelp(string package, string binary)
    {
        var program = Path.Combine(packages.Roots[package], "usr", "lib", "monitor", package, binary);

        var (version, versionOutput) = await DebianPackages.RunAsync(program, ["--version"], TimeSpan.FromMinutes(1));
        var (help, helpOutput) = await DebianPackages.RunAsync(program, ["--help"], TimeSpan.FromMinutes(1));

        Assert.True(version == 0, versionOutput);
        Assert.StartsWith($"{package} ", versionOutput, StringComparison.Ordinal);
        Assert.True(help == 0, helpOutput);
        Assert.StartsWith($"usage: {package}", helpOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PackagedAgentConfiguration_IsValidButForTheSitesOwnFiles()
    {
        var root = packages.Roots["monitor-agent"];
        var program = Path.Combine(root, "usr", "lib", "monitor", "monitor-agent", "Monitor.Agent");
        var config = Path.Combine(root, "etc", "monitor", "agent.json");

        var (code, output) = await DebianPackages.RunAsync(program, ["run", "--config", config], TimeSpan.FromMinutes(1));

        // What is left to the operator: the files only the site has (its topology, its certificates).
        Assert.True(code == 2, $"exit code {code}:\n{output}");
        var problems = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.StartsWith("monitor-agent: ", StringComparison.Ordinal) ? l["monitor-agent: ".Length..] : l)
            .ToList();
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Contains("'/etc/monitor/", p, StringComparison.Ordinal));
    }

    // The section ILCompiler puts the compiled managed code in.
    private const string NativeCodeSection = "__managedcode";

    private static async Task<bool> ContainsAsync(string file, byte[] text)
    {
        var bytes = await File.ReadAllBytesAsync(file);
        return bytes.AsSpan().IndexOf(text) >= 0;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")]
    private static partial System.Text.RegularExpressions.Regex NeededLibrary();
}

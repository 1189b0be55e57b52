namespace Monitor.EndToEnd.Tests.Packaging;

/// <summary>
/// The packages as an operator installs them: the files where Debian puts them, units that
/// systemd accepts, programs that start from the package, and configuration that is valid as
/// shipped (only the site's own files, under /etc/monitor, are left to write).
/// </summary>
public sealed class DebianPackageTests(DebianPackages packages) : IClassFixture<DebianPackages>
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
}

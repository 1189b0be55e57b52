using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Monitor.Agent.Sources.Mail;
using Xunit.Abstractions;

namespace Monitor.Agent.Tests.Sources.Mail;

/// <summary>
/// The delivery outcomes the mail log source counts agree with Debian's pflogsumm (package
/// pflogsumm, run here) on real public Postfix logs (fixtures mail-logs/README.md): delivered,
/// deferred messages and deferrals, bounced, rejected, and each recipient domain's sent and deferred.
/// </summary>
public sealed partial class MailOutcomesPflogsummTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Logs { get; } =
        ["kdent-conch-1.log", "kdent-conch-2.log", "kdent-conch-3.log", "pflgviewer-phoenix.log", "postfix_exporter-testdata.log"];

    [Theory]
    [MemberData(nameof(Logs))]
    public void Outcomes_RealPostfixLog_AgreeWithPflogsumm(string name)
    {
        var path = Path.Combine(RepositoryPaths.Root, "tests", "Monitor.Agent.Tests", "Sources", "Fixtures", "mail-logs", name);
        var report = Pflogsumm(path);
        var totals = Totals(report);
        var domains = DomainRows(report);

        var outcomes = Scan(path);

        output.WriteLine($"{name}: pflogsumm delivered {totals["delivered"]}, deferred {totals["deferred"]} ({totals["deferrals"]} deferrals), bounced {totals["bounced"]}, rejected {totals["rejected"]}, {domains.Count} domain rows");
        output.WriteLine($"{name}: monitor   delivered {outcomes.Count(MailOutcome.Sent)}, deferred {outcomes.DeferredMessages} ({outcomes.Count(MailOutcome.Deferred)} deferrals), bounced {outcomes.Count(MailOutcome.Bounced)}, rejected {outcomes.Count(MailOutcome.Rejected)}, expired {outcomes.Count(MailOutcome.Expired)}");
        Assert.Equal(
            (totals["delivered"], totals["deferred"], totals["deferrals"], totals["bounced"], totals["rejected"]),
            (outcomes.Count(MailOutcome.Sent), (long)outcomes.DeferredMessages, outcomes.Count(MailOutcome.Deferred), outcomes.Count(MailOutcome.Bounced), outcomes.Count(MailOutcome.Rejected)));
        foreach (var (domain, sent, defers) in domains)
        {
            Assert.Equal((domain, sent, defers), (domain, outcomes.ByDomain(domain, MailOutcome.Sent), outcomes.ByDomain(domain, MailOutcome.Deferred)));
        }
    }

    [Fact]
    public void Outcomes_RejectionsOfOtherPostfixInstances_AreCountedWherePflogsummNeedsTheirSyslogName()
    {
        // pflogsumm reads "postfix/..." lines only, unless told another instance's syslog_name; the
        // log source counts every instance ("postfix-incoming/smtpd", "postfix-smo/submission/smtpd").
        var path = Path.Combine(RepositoryPaths.Root, "tests", "Monitor.Agent.Tests", "Sources", "Fixtures", "mail-logs", "fail2ban-postfix.log");
        var plain = Totals(Pflogsumm(path))["rejected"];
        var incoming = Totals(Pflogsumm(path, "--syslog_name=postfix-incoming"))["rejected"] - plain;
        var smo = Totals(Pflogsumm(path, "--syslog_name=postfix-smo"))["rejected"] - plain;

        var outcomes = Scan(path);

        output.WriteLine($"fail2ban-postfix.log: pflogsumm rejected {plain} + {incoming} (postfix-incoming) + {smo} (postfix-smo); monitor {outcomes.Count(MailOutcome.Rejected)}");
        Assert.Equal((22, 2, 1), (plain, incoming, smo));
        Assert.Equal(plain + incoming + smo, outcomes.Count(MailOutcome.Rejected));
    }

    private static MailOutcomes Scan(string path)
    {
        var scanner = new MailLogScanner("mail01");
        var tally = new MailLogTally();
        var years = SyslogYears.ForSavedFile(File.ReadLines(path), Now, TimeZoneInfo.Utc);
        foreach (var text in File.ReadLines(path))
        {
            if (MailLogLine.TryParse(text, years, TimeZoneInfo.Utc, out var line, out _))
            {
                scanner.Scan(line, tally);
            }
        }

        return tally.Outcomes;
    }

    private static string Pflogsumm(string path, params string[] options)
    {
        var start = new ProcessStartInfo("pflogsumm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }

        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pflogsumm did not start (Debian package pflogsumm, deploy/test.sh)");
        var text = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return text;
    }

    // "    139   delivered", "     14   deferred  (48  deferrals)", "    178   rejected (56%)".
    private static Dictionary<string, long> Totals(string report)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal) { ["deferrals"] = 0 };
        foreach (Match match in TotalLine().Matches(report))
        {
            totals.TryAdd(match.Groups[2].Value, long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            if (match.Groups[3].Success)
            {
                totals["deferrals"] = long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
            }
        }

        Assert.All(new[] { "delivered", "deferred", "bounced", "rejected" }, key => Assert.True(totals.ContainsKey(key), key));
        return totals;
    }

    // The "Host/Domain Summary: Message Delivery" rows: sent cnt, bytes, defers, avg dly, max dly, domain.
    private static List<(string Domain, long Sent, long Defers)> DomainRows(string report)
    {
        var rows = new List<(string, long, long)>();
        var start = report.IndexOf("Host/Domain Summary: Message Delivery", StringComparison.Ordinal);
        Assert.True(start >= 0, "no Host/Domain Summary in pflogsumm's report");
        foreach (var line in report[start..].Split('\n').Skip(4))
        {
            var match = DomainRow().Match(line);
            if (!match.Success)
            {
                break;
            }

            rows.Add((match.Groups[3].Value, long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    [GeneratedRegex(@"^\s+(\d+)\s+(delivered|deferred|bounced|rejected)(?:\s+\((\d+)\s+deferrals\))?", RegexOptions.Multiline)]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"^\s+(\d+)\s+\S+\s+(\d+)\s+\S+ \w\s+\S+ \w\s+(\S+)\s*$")]
    private static partial Regex DomainRow();
}

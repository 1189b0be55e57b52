using Monitor.Contracts.V1;

namespace Monitor.Collector.Reports;

/// <summary>
/// 正常時の動作の流れ: how mail and I/O go when nothing is wrong, read from the site's topology
/// (its services, hosts, access paths, HBA ports, controllers and volumes, contract v1.4), never
/// from the incident's failure chain: one paragraph per service and one line per host and volume.
/// </summary>
public static partial class MicReport
{
    /// <summary>Marks, in the English report, topology text that exists only in Japanese.</summary>
    private const string JapaneseOnlyMark = "†";

    private static void WriteNormalFlow(ReportComposer report)
    {
        report.Section(1, report.L("正常時の動作の流れ", "Normal flow"));
        var site = report.Incident.Site;
        if (site is null || (site.Services.Count == 0 && site.Paths.Count == 0))
        {
            // An agent before v1.4 sends no paths: the incident's chain is no normal flow.
            report.Fill(report.L(
                "正常時の動作の流れを構成図に沿って記載してください（監視エージェントがトポロジの経路を送っていません）。",
                "Describe the normal flow along the configuration diagram (the monitoring agent sent no paths of its topology)."));
            return;
        }

        var flow = new NormalFlow(report, site);
        var intro = report.L(
            "監視のトポロジによる平常時のメールとI/Oの流れ（利用者から、サーバ、アクセスパス、ストレージコントローラを経てボリュームまで）:",
            "The normal path of mail and I/O, from the monitoring topology (from users through servers, access paths and storage controllers to the volumes):");
        if (report.IsJapanese || !flow.QuotesJapanese)
        {
            report.Paragraph(intro);
        }
        else
        {
            report.Paragraph(intro, $"({JapaneseOnlyMark}: written in Japanese only, as the topology gives it)");
        }

        var step = 0;
        foreach (var service in site.Services)
        {
            var name = string.IsNullOrWhiteSpace(service.DisplayName) ? service.Service : ReportComposer.Inline(service.DisplayName);
            var functions = service.Functions.Select(f => ServiceFunctionNames.Name(f, report.Language)).ToList();
            var offered = functions.Count == 0 ? "" : report.L($": {string.Join("、", functions)}", $": {string.Join(", ", functions)}");
            var number = Step(report, ++step);
            report.Paragraph(report.L(
                $"{number}{flow.Text(name)}（{ReportComposer.Inline(service.Service)}）{offered}",
                $"{number}{flow.Text(name)} ({ReportComposer.Inline(service.Service)}){offered}"));
            report.Items([.. service.Hosts.SelectMany(host => flow.Routes(host, service.Volumes, fromUsers: true)).Select(line => new ListItem(line))]);
        }

        // Paths of hosts no service names (a storage or backup host) still carry I/O.
        var served = site.Services.SelectMany(s => s.Hosts).ToHashSet(StringComparer.Ordinal);
        var others = site.Paths.Where(p => !served.Contains(p.Host)).Select(p => p.Host).Distinct().ToList();
        if (others.Count > 0)
        {
            var number = Step(report, ++step);
            report.Paragraph(report.L($"{number}サービスに属さないホストのI/O", $"{number}I/O of hosts outside the services"));
            report.Items([.. others.SelectMany(host => flow.Routes(host, [], fromUsers: false)).Select(line => new ListItem(line))]);
        }

        report.Fill(report.L(
            "構成図に沿った説明（監視のトポロジにない機器（ネットワーク機器、認証・DNS等）を含めて）",
            "An explanation along the diagram, including devices the monitoring topology does not hold (network, authentication, DNS...)"));
    }

    /// <summary>The pieces of one site's normal flow, in the report's language.</summary>
    private sealed class NormalFlow(ReportComposer report, SiteContext site)
    {
        private readonly Dictionary<string, Device> _devices = site.Devices
            .GroupBy(d => d.Entity, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        /// <summary>True when names or roles of the topology hold Japanese, which the English report quotes and marks.</summary>
        public bool QuotesJapanese { get; } =
            site.Services.Any(s => HasJapanese(s.DisplayName)) || site.Devices.Any(d => HasJapanese(ShortRole(d.Role)));

        /// <summary>
        /// One line per volume <paramref name="host"/> reaches: "利用者 ⇒ mail01（メールサーバ）⇒ 経路 … ⇒ ボリューム vol-mail"
        /// (from the host itself, not from users, unless <paramref name="fromUsers"/>). The service's
        /// <paramref name="volumes"/> come first, in their order; then any other volume the host has a path to.
        /// </summary>
        public IEnumerable<string> Routes(string host, IEnumerable<string> volumes, bool fromUsers)
        {
            var paths = site.Paths.Where(p => p.Host == host).ToList();
            var reached = volumes.Concat(paths.Select(p => p.Volume)).Distinct(StringComparer.Ordinal).ToList();
            var start = fromUsers ? report.L($"利用者 ⇒ {Entity(host, "Host")}", $"Users ⇒ {Entity(host, "Host")}") : Entity(host, "Host");
            if (reached.Count == 0)
            {
                yield return start;
                yield break;
            }

            foreach (var volume in reached)
            {
                var through = paths.Where(p => p.Volume == volume).OrderBy(p => p.Entity, StringComparer.Ordinal).ToList();
                var route = through.Count == 0
                    ? report.L("（経路はトポロジに記載なし）", " (no path in the topology)")
                    : $" ⇒ {Paths(through)}";
                yield return $"{start}{route} ⇒ {Entity(volume, "Volume")}";
            }
        }

        /// <summary>Text from the topology; in the English report, Japanese-only text is marked.</summary>
        public string Text(string text)
        {
            var line = ReportComposer.Inline(text);
            if (report.IsJapanese || !HasJapanese(line))
            {
                return line;
            }

            return line + JapaneseOnlyMark;
        }

        private string Paths(List<SitePath> paths)
        {
            var each = paths.Select(Path).ToList();
            return each.Count == 1
                ? each[0]
                : report.L($"{string.Join("・", each)}の{each.Count}経路", $"{string.Join(" and ", each)} ({each.Count} paths)");
        }

        private string Path(SitePath path)
        {
            var controller = ReportNames.EntityType("Controller", report.Language);
            var port = string.IsNullOrEmpty(path.HbaPort)
                ? ""
                : $"{ReportNames.EntityType("HbaPort", report.Language)} {PortName(path)} → ";
            return report.L(
                $"経路 {ReportComposer.Inline(path.Entity)}（{port}{controller} {ReportComposer.Inline(path.Controller)}）",
                $"path {ReportComposer.Inline(path.Entity)} ({port}{controller} {ReportComposer.Inline(path.Controller)})");
        }

        /// <summary>"host1" for "mail01:host1" on the path of mail01: the host is said already.</summary>
        private static string PortName(SitePath path)
        {
            var prefix = path.Host + ":";
            var port = path.HbaPort.StartsWith(prefix, StringComparison.Ordinal) && path.HbaPort.Length > prefix.Length
                ? path.HbaPort[prefix.Length..]
                : path.HbaPort;
            return ReportComposer.Inline(port);
        }

        /// <summary>"mail01（メールサーバ（仮想マシン））": the id beside its role in short, else beside what it is.</summary>
        private string Entity(string id, string type)
        {
            var role = _devices.TryGetValue(id, out var device) ? ShortRole(device.Role) : "";
            var what = role.Length == 0 ? ReportNames.EntityType(type, report.Language) : Text(role);
            var name = ReportComposer.Inline(id);
            return type == "Volume"
                ? report.L($"ボリューム {name}（{what}）", $"volume {name} ({what})")
                : report.L($"{name}（{what}）", $"{name} ({what})");
        }

        /// <summary>The role up to its first colon: "メールサーバ（仮想マシン）" of "メールサーバ（仮想マシン）: SMTP受信・送信…".</summary>
        private static string ShortRole(string role)
        {
            var end = role.IndexOfAny([':', '：']);
            return ReportComposer.Inline(end < 0 ? role : role[..end]);
        }

        private static bool HasJapanese(string text) =>
            text.Any(c => c is (>= '\u3040' and <= '\u30ff') or (>= '\u4e00' and <= '\u9fff') or (>= '\uff00' and <= '\uffef'));
    }
}

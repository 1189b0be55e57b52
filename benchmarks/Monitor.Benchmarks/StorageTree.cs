using System.Globalization;
using System.Text;

namespace Monitor.Benchmarks;

/// <summary>
/// A generated host: 512 block devices (448 SCSI path devices under 64 multipath maps of 7 paths),
/// 16 FC HBA ports with the kernel's full statistics, 64 remote ports, and the matching
/// `multipathd show maps json` output.
/// </summary>
internal sealed class StorageTree : IDisposable
{
    public const int Maps = 64;
    public const int PathsPerMap = 7;
    public const int FcHosts = 16;

    private static readonly string[] FcStatistics =
    [
        "tx_frames", "tx_words", "rx_frames", "rx_words", "lip_count", "nos_count", "error_frames", "dumped_frames",
        "link_failure_count", "loss_of_sync_count", "loss_of_signal_count", "prim_seq_protocol_err_count",
        "invalid_tx_word_count", "invalid_crc_count", "fcp_input_requests", "fcp_output_requests", "fcp_control_requests",
        "fcp_input_megabytes", "fcp_output_megabytes", "fcp_packet_alloc_failures", "fcp_packet_aborts", "fcp_frame_alloc_failures",
        "seconds_since_last_reset", "fpin_li", "fpin_cn", "fpin_dn",
    ];

    private readonly List<string> _paths = [];
    private long _tick;

    public StorageTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "monitor-benchmark-" + Guid.NewGuid().ToString("N"));
        for (var map = 0; map < Maps; map++)
        {
            var dm = $"dm-{map}";
            Write($"sys/block/{dm}/dm/name", $"mpath{map:000}");
            Write($"sys/block/{dm}/dm/uuid", $"mpath-3600a0980383{map:0000000000000000}");
            for (var p = 0; p < PathsPerMap; p++)
            {
                var sd = "sd" + Letters(_paths.Count);
                _paths.Add(sd);
                Directory.CreateDirectory(Path.Combine(Root, "sys/block", dm, "slaves"));
                File.CreateSymbolicLink(Path.Combine(Root, "sys/block", dm, "slaves", sd), $"../../{sd}");
                Write($"sys/block/{sd}/device/state", p == 3 ? "offline" : "running");
                foreach (var counter in new[] { "ioerr_cnt", "iotmo_cnt", "iorequest_cnt", "iodone_cnt" })
                {
                    Write($"sys/block/{sd}/device/{counter}", "0x1f4");
                }
            }
        }

        for (var host = 0; host < FcHosts; host++)
        {
            var folder = $"sys/class/fc_host/host{host}";
            Write($"{folder}/port_state", "Online");
            Write($"{folder}/speed", "16 Gbit");
            Write($"{folder}/port_name", $"0x10000090fa67{host:x4}");
            foreach (var statistic in FcStatistics)
            {
                Write($"{folder}/statistics/{statistic}", statistic == "dumped_frames" ? "0xffffffffffffffff" : $"0x{host * 17 + 3:x}");
            }

            for (var target = 0; target < 4; target++)
            {
                Write($"sys/class/fc_remote_ports/rport-{host}:0-{target}/port_state", "Online");
                Write($"sys/class/fc_remote_ports/rport-{host}:0-{target}/roles", "FCP Target");
            }
        }

        MultipathdOutput = Path.Combine(Root, "multipathd-show-maps.json");
        File.WriteAllText(MultipathdOutput, MultipathdJson());
        AdvanceCounters();
    }

    public string Root { get; }

    public string MultipathdOutput { get; }

    public static int BlockDevices => Maps + (Maps * PathsPerMap);

    /// <summary>Rewrites /proc/diskstats as if some I/O happened since the last cycle.</summary>
    public void AdvanceCounters()
    {
        _tick++;
        var text = new StringBuilder();
        var minor = 0;
        foreach (var name in _paths.Concat(Enumerable.Range(0, Maps).Select(m => $"dm-{m}")))
        {
            var major = name.StartsWith("dm-", StringComparison.Ordinal) ? 253 : 8;
            var t = _tick;
            text.Append(CultureInfo.InvariantCulture,
                $"{major,4} {minor++,7} {name} {1000 * t} {10 * t} {64000 * t} {900 * t} {500 * t} {5 * t} {9000 * t} {700 * t} 2 {1200 * t} {2400 * t} 0 0 0 0 {3 * t} {4 * t}\n");
        }

        Write("proc/diskstats", text.ToString());
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private string MultipathdJson()
    {
        var text = new StringBuilder("{\n   \"major_version\": 0,\n   \"minor_version\": 1,\n   \"maps\": [");
        for (var map = 0; map < Maps; map++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(map > 0 ? "," : "")}{{\n      \"name\" : \"mpath{map:000}\",\n      \"uuid\" : \"3600a0980383{map:0000000000000000}\",\n      \"sysfs\" : \"dm-{map}\",\n      \"failback\" : \"immediate\",\n      \"queueing\" : \"off\",\n      \"paths\" : {PathsPerMap},\n      \"write_prot\" : \"rw\",\n      \"dm_st\" : \"active\",\n      \"features\" : \"0\",\n      \"hwhandler\" : \"1 alua\",\n      \"action\" : \"\",\n      \"path_faults\" : 3,\n      \"vend\" : \"NETAPP\",\n      \"prod\" : \"LUN C-Mode\",\n      \"rev\" : \"9800\",\n      \"switch_grp\" : 0,\n      \"map_loads\" : 1,\n      \"total_q_time\" : 0,\n      \"q_timeouts\" : 0,\n      \"path_groups\": [{{\n         \"selector\" : \"service-time 0\",\n         \"pri\" : 50,\n         \"dm_st\" : \"active\",\n         \"marginal_st\" : \"normal\",\n         \"group\" : 1,\n         \"paths\": [");
            for (var p = 0; p < PathsPerMap; p++)
            {
                var sd = _paths[(map * PathsPerMap) + p];
                text.Append(CultureInfo.InvariantCulture, $"{(p > 0 ? "," : "")}{{\n            \"dev\" : \"{sd}\",\n            \"dev_t\" : \"8:{p}\",\n            \"dm_st\" : \"active\",\n            \"dev_st\" : \"running\",\n            \"chk_st\" : \"{(p == 3 ? "faulty" : "ready")}\",\n            \"checker\" : \"tur\",\n            \"pri\" : 50,\n            \"host_wwnn\" : \"0x20000090fa678144\",\n            \"target_wwnn\" : \"0x524a937247e74300\",\n            \"host_wwpn\" : \"0x10000090fa678144\",\n            \"target_wwpn\" : \"0x524a937247e74300\",\n            \"host_adapter\" : \"0000:00:03.0\",\n            \"marginal_st\" : \"normal\"\n         }}");
            }

            text.Append("]\n      }]\n   }");
        }

        return text.Append("]\n}\n").ToString();
    }

    private void Write(string path, string content)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content + (content.EndsWith('\n') ? "" : "\n"));
    }

    private static string Letters(int index)
    {
        var name = "";
        index++;
        while (index > 0)
        {
            index--;
            name = (char)('a' + (index % 26)) + name;
            index /= 26;
        }

        return name;
    }
}

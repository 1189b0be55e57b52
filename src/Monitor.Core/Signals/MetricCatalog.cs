using System.Collections.Frozen;

namespace Monitor.Core.Signals;

/// <summary>
/// The metric names Monitor understands. The agent exports the same names on /metrics and a
/// scenario's metrics.om uses them, so recorded data loads into a real Prometheus unchanged.
/// Each metric's labels name the role of its entity (controller, port, path, device, volume,
/// host, service); the value is a topology id, or the raw id a source sees on its host
/// ("mail01/sdc", "mail01/host3"), which the topology maps to its entity through aliases.
/// Rates are per second over the source's interval; counters are never exported raw.
/// </summary>
public static class MetricCatalog
{
    /// <summary>1 while a storage controller is online and serving I/O, 0 once it stopped.</summary>
    public const string ControllerUp = "monitor_controller_up";

    /// <summary>I/O operations per second served by a controller (reads plus writes).</summary>
    public const string ControllerIops = "monitor_controller_iops";

    /// <summary>Bytes per second moved by a controller (reads plus writes).</summary>
    public const string ControllerThroughput = "monitor_controller_throughput_bytes_per_second";

    /// <summary>Mean response time of a controller's I/O, in seconds.</summary>
    public const string ControllerLatency = "monitor_controller_latency_seconds";

    /// <summary>Mean number of I/Os queued at a controller.</summary>
    public const string ControllerQueueDepth = "monitor_controller_queue_depth";

    /// <summary>1 while an access path (host, HBA port, controller, volume) is usable, 0 when it failed.</summary>
    public const string PathUp = "monitor_path_up";

    /// <summary>1 when a synthetic probe of a mail function (POP3, IMAP, SMTP, webmail) succeeded, 0 when it failed.</summary>
    public const string ProbeSuccess = "monitor_probe_success";

    // Storage controllers (Redfish/Swordfish, an exporter mapping, or a scenario).

    /// <summary>Redfish Status.Health of a controller: 0 OK, 1 Warning, 2 Critical.</summary>
    public const string ControllerHealth = "monitor_controller_health";

    /// <summary>1 while a controller serves its partner's volumes (HA takeover), 0 otherwise.</summary>
    public const string ControllerTakeover = "monitor_controller_takeover";

    /// <summary>Share of a controller's processing capacity in use, 0 to 1 (e.g. ONTAP CPU headroom current_utilization).</summary>
    public const string ControllerUtilization = "monitor_controller_utilization_ratio";

    /// <summary>Operations per second at the controller's optimal point (ONTAP CPU headroom optimal_point_ops): beyond it latency climbs faster than work done.</summary>
    public const string ControllerOptimalIops = "monitor_controller_optimal_iops";

    /// <summary>Disk utilization of the busiest storage pool (ONTAP aggregate) behind a controller, 0 to 1.</summary>
    public const string ControllerDiskUtilization = "monitor_controller_disk_utilization_ratio";

    // What a Redfish service says of its storage: the Storage resource, its drives and volumes.

    /// <summary>Redfish Status.Health of a Storage resource (its own, not its controllers'): 0 OK, 1 Warning, 2 Critical.</summary>
    public const string StorageHealth = "monitor_storage_health";

    /// <summary>Redfish Status.HealthRollup of a Storage resource (the worst of it and everything under it): 0 OK, 1 Warning, 2 Critical.</summary>
    public const string StorageHealthRollup = "monitor_storage_health_rollup";

    /// <summary>Redfish Status.Health of a drive: 0 OK, 1 Warning, 2 Critical.</summary>
    public const string DriveHealth = "monitor_drive_health";

    /// <summary>1 while a drive predicts its own failure (SMART or the controller's own prediction), 0 otherwise.</summary>
    public const string DriveFailurePredicted = "monitor_drive_failure_predicted";

    /// <summary>Share of a drive's media life left, 0 to 1 (Redfish PredictedMediaLifeLeftPercent).</summary>
    public const string DriveMediaLifeLeft = "monitor_drive_media_life_left_ratio";

    /// <summary>How many of a volume's drives predict their failure (the volume is what loses its redundancy when one fails).</summary>
    public const string VolumeDrivesFailurePredicted = "monitor_volume_drives_failure_predicted";

    /// <summary>Redfish Status.Health of a volume (a RAID set or namespace): 0 OK, 1 Warning, 2 Critical.</summary>
    public const string VolumeHealth = "monitor_volume_health";

    /// <summary>1 while a volume rebuilds onto a drive (it runs without redundancy until done), 0 otherwise.</summary>
    public const string VolumeRebuilding = "monitor_volume_rebuilding";

    /// <summary>Share of a volume's rebuild done, 0 to 1.</summary>
    public const string VolumeRebuildProgress = "monitor_volume_rebuild_progress_ratio";

    /// <summary>1 while a volume initializes (background writes that load its drives), 0 otherwise.</summary>
    public const string VolumeInitializing = "monitor_volume_initializing";

    // FC ports, on a host's HBA (sysfs fc_host) or on a controller (Redfish port metrics).

    /// <summary>1 while an FC port is Online (Marginal counts as online: it still carries I/O), 0 otherwise.</summary>
    public const string FcPortUp = "monitor_fc_port_up";

    /// <summary>1 while an FC port is in the kernel's Marginal state.</summary>
    public const string FcPortMarginal = "monitor_fc_port_marginal";

    /// <summary>Negotiated speed of an FC port, bits per second.</summary>
    public const string FcPortSpeed = "monitor_fc_port_speed_bits_per_second";

    /// <summary>Link failures per second.</summary>
    public const string FcLinkFailures = "monitor_fc_port_link_failures_per_second";

    /// <summary>Loss-of-sync events per second.</summary>
    public const string FcLossOfSync = "monitor_fc_port_loss_of_sync_per_second";

    /// <summary>Loss-of-signal events per second.</summary>
    public const string FcLossOfSignal = "monitor_fc_port_loss_of_signal_per_second";

    /// <summary>Frames with an invalid CRC per second.</summary>
    public const string FcInvalidCrc = "monitor_fc_port_invalid_crc_per_second";

    /// <summary>Invalid transmission words per second.</summary>
    public const string FcInvalidTxWords = "monitor_fc_port_invalid_tx_words_per_second";

    /// <summary>Error frames per second.</summary>
    public const string FcErrorFrames = "monitor_fc_port_error_frames_per_second";

    /// <summary>FPIN link-integrity notifications per second.</summary>
    public const string FcFpinLinkIntegrity = "monitor_fc_port_fpin_link_integrity_per_second";

    /// <summary>FPIN congestion notifications per second.</summary>
    public const string FcFpinCongestion = "monitor_fc_port_fpin_congestion_per_second";

    /// <summary>FPIN delivery notifications per second.</summary>
    public const string FcFpinDelivery = "monitor_fc_port_fpin_delivery_per_second";

    /// <summary>Transceiver receive optical power, dBm.</summary>
    public const string FcRxPower = "monitor_fc_port_rx_power_dbm";

    /// <summary>Transceiver transmit optical power, dBm.</summary>
    public const string FcTxPower = "monitor_fc_port_tx_power_dbm";

    /// <summary>1 while an FC remote port (rport) is Online.</summary>
    public const string FcRemotePortUp = "monitor_fc_rport_up";

    // Access paths (dm-multipath path devices, SCSI devices).

    /// <summary>1 when the multipath checker reports the path shaky.</summary>
    public const string PathShaky = "monitor_path_shaky";

    /// <summary>1 when multipathd marks the path marginal.</summary>
    public const string PathMarginal = "monitor_path_marginal";

    /// <summary>Path faults counted by multipathd, per second.</summary>
    public const string PathFaults = "monitor_path_faults_per_second";

    /// <summary>SCSI I/O errors on the path device, per second (ioerr_cnt).</summary>
    public const string PathIoErrors = "monitor_path_io_errors_per_second";

    /// <summary>SCSI I/O timeouts on the path device, per second (iotmo_cnt).</summary>
    public const string PathIoTimeouts = "monitor_path_io_timeouts_per_second";

    /// <summary>SCSI commands issued to the path device, per second (iorequest_cnt): whether the path carries I/O at all.</summary>
    public const string PathIoRequests = "monitor_path_io_requests_per_second";

    // Block devices (/proc/diskstats), for path devices, multipath maps and plain disks.

    /// <summary>Reads completed per second.</summary>
    public const string BlockReadIops = "monitor_block_read_iops";

    /// <summary>Writes completed per second.</summary>
    public const string BlockWriteIops = "monitor_block_write_iops";

    /// <summary>Bytes read per second.</summary>
    public const string BlockReadBytes = "monitor_block_read_bytes_per_second";

    /// <summary>Bytes written per second.</summary>
    public const string BlockWriteBytes = "monitor_block_write_bytes_per_second";

    /// <summary>Mean time an I/O took, queueing included, seconds.</summary>
    public const string BlockAwait = "monitor_block_await_seconds";

    /// <summary>Share of time the device was busy, 0 to 1.</summary>
    public const string BlockUtilization = "monitor_block_utilization_ratio";

    /// <summary>Mean number of I/Os in flight.</summary>
    public const string BlockQueueSize = "monitor_block_queue_size";

    /// <summary>Mean size of one I/O, bytes: falls when the same bytes come in more operations.</summary>
    public const string BlockMeanIoSize = "monitor_block_mean_io_size_bytes";

    // Filesystems (statvfs of configured mount points): the mail store fills by bytes or by files.

    /// <summary>Size of a mounted filesystem, bytes.</summary>
    public const string FilesystemSizeBytes = "monitor_filesystem_size_bytes";

    /// <summary>Free bytes of a filesystem, those reserved for root included.</summary>
    public const string FilesystemFreeBytes = "monitor_filesystem_free_bytes";

    /// <summary>Bytes of a filesystem an unprivileged writer (the delivery agent) can still use.</summary>
    public const string FilesystemAvailBytes = "monitor_filesystem_avail_bytes";

    /// <summary>Inodes (files) a filesystem has; 0 when it has no fixed number (e.g. btrfs).</summary>
    public const string FilesystemFiles = "monitor_filesystem_files";

    /// <summary>Inodes (files) of a filesystem still free: one message in a Maildir is one file.</summary>
    public const string FilesystemFilesFree = "monitor_filesystem_files_free";

    // Multipath maps (volumes as a host sees them).

    /// <summary>Paths a multipath map has.</summary>
    public const string MultipathPaths = "monitor_multipath_paths";

    /// <summary>Paths of a multipath map that are active and whose checker is ready.</summary>
    public const string MultipathActivePaths = "monitor_multipath_active_paths";

    /// <summary>Path faults multipathd counted on a map, per second (multipathd counts them per map, not per path).</summary>
    public const string MultipathPathFaults = "monitor_multipath_path_faults_per_second";

    /// <summary>Queueing timeouts (no path within no_path_retry) multipathd counted on a map, per second.</summary>
    public const string MultipathQueueTimeouts = "monitor_multipath_queue_timeouts_per_second";

    /// <summary>1 while the multipath source reads sysfs because multipathd did not answer usable JSON, 0 when multipathd answered.</summary>
    public const string MultipathFallback = "monitor_multipath_fallback";

    // Mail: the Postfix queue, mail logs, Dovecot statistics.

    /// <summary>Messages in a Postfix queue (label queue: maildrop, incoming, active, deferred, hold).</summary>
    public const string MailQueueMessages = "monitor_mail_queue_messages";

    /// <summary>Bytes in a Postfix queue.</summary>
    public const string MailQueueBytes = "monitor_mail_queue_bytes";

    /// <summary>Age of the oldest message in a Postfix queue, seconds (from arrival_time).</summary>
    public const string MailQueueOldestAge = "monitor_mail_queue_oldest_age_seconds";

    /// <summary>Distinct recipients of deferred mail.</summary>
    public const string MailDeferredRecipients = "monitor_mail_deferred_recipients";

    /// <summary>Distinct recipient domains of deferred mail.</summary>
    public const string MailDeferredDomains = "monitor_mail_deferred_domains";

    /// <summary>Deferred recipients by reason class (label reason: dns, connection, mailbox, policy, other).</summary>
    public const string MailDeferredByReason = "monitor_mail_deferred_by_reason";

    /// <summary>
    /// Deferred recipients by recipient domain (label domain: one of the topology's domains, or
    /// "other") and reason class (label reason, as <see cref="MailDeferredByReason"/>): how a
    /// shared MX's queue is laid on the service whose mail it is.
    /// </summary>
    public const string MailDeferredByDomain = "monitor_mail_deferred_recipients_by_domain";

    /// <summary>Age of the oldest deferred message with a recipient in a domain (label domain, as <see cref="MailDeferredByDomain"/>), seconds.</summary>
    public const string MailDeferredDomainOldestAge = "monitor_mail_deferred_domain_oldest_age_seconds";

    /// <summary>Failed POP3/IMAP logins per second (label protocol: pop3, imap).</summary>
    public const string MailLoginFailures = "monitor_mail_login_failures_per_second";

    /// <summary>Successful POP3/IMAP logins per second.</summary>
    public const string MailLoginSuccesses = "monitor_mail_login_successes_per_second";

    /// <summary>Distinct users whose login failed during the source's last interval.</summary>
    public const string MailLoginFailedUsers = "monitor_mail_login_failed_users";

    /// <summary>Deliveries into the mailbox store (LMTP, local) that failed, per second.</summary>
    public const string MailDeliveryFailures = "monitor_mail_delivery_failures_per_second";

    /// <summary>
    /// Deliveries into the mailbox store deferred (a temporary failure: Postfix retries; nothing
    /// is lost yet), per second, by recipient domain (label domain) and reason (label reason:
    /// store_unavailable, store_full, unknown_user, other).
    /// </summary>
    public const string MailDeliveryDeferred = "monitor_mail_delivery_deferred_per_second";

    /// <summary>
    /// Deliveries into the mailbox store refused for good (bounced: returned to the sender), per
    /// second, by recipient domain and reason as <see cref="MailDeliveryDeferred"/>.
    /// </summary>
    public const string MailDeliveryBounced = "monitor_mail_delivery_bounced_per_second";

    /// <summary>Bounces (non-delivery notifications) generated, per second.</summary>
    public const string MailBounces = "monitor_mail_bounces_per_second";

    /// <summary>Mail dropped without delivery (an undeliverable bounce discarded or removed), per second: mail loss.</summary>
    public const string MailDiscarded = "monitor_mail_discarded_per_second";

    /// <summary>
    /// Delivery outcomes the mail log told, per second, by recipient domain (label domain: the
    /// topology's domains, the rest as "other"), status (sent, deferred, bounced, expired,
    /// rejected) and reason class (label reason, as <see cref="MailDeferredByReason"/>).
    /// </summary>
    public const string MailLogOutcomes = "monitor_mail_log_outcomes_per_second";

    /// <summary>Mail removed without being lost, per second, by why (label reason: backscatter, admin): never mail loss.</summary>
    public const string MailRemoved = "monitor_mail_removed_per_second";

    // Synthetic probes of what users do.

    /// <summary>Time a probe took, seconds.</summary>
    public const string ProbeDuration = "monitor_probe_duration_seconds";

    /// <summary>Every metric the catalog knows, by name.</summary>
    public static FrozenDictionary<string, MetricDefinition> All { get; } = new MetricDefinition[]
    {
        new(ControllerUp, "Storage controller online (1) or stopped (0).", "", ["controller"]),
        new(ControllerIops, "I/O operations per second served by the controller.", "", ["controller"]),
        new(ControllerThroughput, "Bytes per second moved by the controller.", "bytes_per_second", ["controller"]),
        new(ControllerLatency, "Mean I/O response time of the controller.", "seconds", ["controller"]),
        new(ControllerQueueDepth, "Mean number of I/Os queued at the controller.", "", ["controller"]),
        new(ControllerHealth, "Controller health: 0 OK, 1 Warning, 2 Critical.", "", ["controller"]),
        new(ControllerTakeover, "Controller serves its partner's volumes (1) or not (0).", "", ["controller"]),
        new(ControllerUtilization, "Share of the controller's processing capacity in use.", "ratio", ["controller"]),
        new(ControllerOptimalIops, "Operations per second at the controller's optimal point (latency knee).", "", ["controller"]),
        new(ControllerDiskUtilization, "Disk utilization of the busiest storage pool behind the controller.", "ratio", ["controller"]),
        new(StorageHealth, "Storage resource health (its own): 0 OK, 1 Warning, 2 Critical.", "", ["storage"]),
        new(StorageHealthRollup, "Storage resource health with everything under it: 0 OK, 1 Warning, 2 Critical.", "", ["storage"]),
        new(DriveHealth, "Drive health: 0 OK, 1 Warning, 2 Critical.", "", ["drive"]),
        new(DriveFailurePredicted, "Drive predicts its failure (1) or not (0).", "", ["drive"]),
        new(DriveMediaLifeLeft, "Share of the drive's media life left.", "ratio", ["drive"]),
        new(VolumeHealth, "Volume health: 0 OK, 1 Warning, 2 Critical.", "", ["volume"]),
        new(VolumeDrivesFailurePredicted, "Drives of the volume that predict their failure.", "", ["volume"]),
        new(VolumeRebuilding, "Volume rebuilding (1) or not (0).", "", ["volume"]),
        new(VolumeRebuildProgress, "Share of the volume's rebuild done.", "ratio", ["volume"]),
        new(VolumeInitializing, "Volume initializing (1) or not (0).", "", ["volume"]),
        new(FcPortUp, "FC port Online or Marginal (1), otherwise 0.", "", ["port"]),
        new(FcPortMarginal, "FC port in the Marginal state (1) or not (0).", "", ["port"]),
        new(FcPortSpeed, "Negotiated FC port speed.", "bits_per_second", ["port"]),
        new(FcLinkFailures, "FC link failures per second.", "", ["port"]),
        new(FcLossOfSync, "FC loss-of-sync events per second.", "", ["port"]),
        new(FcLossOfSignal, "FC loss-of-signal events per second.", "", ["port"]),
        new(FcInvalidCrc, "FC frames with invalid CRC per second.", "", ["port"]),
        new(FcInvalidTxWords, "FC invalid transmission words per second.", "", ["port"]),
        new(FcErrorFrames, "FC error frames per second.", "", ["port"]),
        new(FcFpinLinkIntegrity, "FPIN link-integrity notifications per second.", "", ["port"]),
        new(FcFpinCongestion, "FPIN congestion notifications per second.", "", ["port"]),
        new(FcFpinDelivery, "FPIN delivery notifications per second.", "", ["port"]),
        new(FcRxPower, "Transceiver receive optical power.", "dbm", ["port"], Signed: true),
        new(FcTxPower, "Transceiver transmit optical power.", "dbm", ["port"], Signed: true),
        new(FcRemotePortUp, "FC remote port Online (1) or not (0).", "", ["rport"]),
        new(PathUp, "Access path usable (1) or failed (0).", "", ["path"]),
        new(PathShaky, "Multipath checker reports the path shaky (1) or not (0).", "", ["path"]),
        new(PathMarginal, "Multipathd marks the path marginal (1) or not (0).", "", ["path"]),
        new(PathFaults, "Multipath path faults per second.", "", ["path"]),
        new(PathIoErrors, "SCSI I/O errors on the path device per second.", "", ["path"]),
        new(PathIoTimeouts, "SCSI I/O timeouts on the path device per second.", "", ["path"]),
        new(PathIoRequests, "SCSI commands issued to the path device per second.", "", ["path"]),
        new(BlockReadIops, "Reads completed per second.", "", ["device"]),
        new(BlockWriteIops, "Writes completed per second.", "", ["device"]),
        new(BlockReadBytes, "Bytes read per second.", "bytes_per_second", ["device"]),
        new(BlockWriteBytes, "Bytes written per second.", "bytes_per_second", ["device"]),
        new(BlockAwait, "Mean time an I/O took, queueing included.", "seconds", ["device"]),
        new(BlockUtilization, "Share of time the device was busy.", "ratio", ["device"]),
        new(BlockQueueSize, "Mean number of I/Os in flight.", "", ["device"]),
        new(BlockMeanIoSize, "Mean size of one I/O.", "bytes", ["device"]),
        new(FilesystemSizeBytes, "Size of the mounted filesystem.", "bytes", ["volume"]),
        new(FilesystemFreeBytes, "Free bytes of the filesystem, root's reserve included.", "bytes", ["volume"]),
        new(FilesystemAvailBytes, "Bytes an unprivileged writer can still use.", "bytes", ["volume"]),
        new(FilesystemFiles, "Inodes the filesystem has (0: no fixed number).", "", ["volume"]),
        new(FilesystemFilesFree, "Inodes of the filesystem still free.", "", ["volume"]),
        new(MultipathPaths, "Paths of a multipath map.", "", ["volume"]),
        new(MultipathActivePaths, "Active, ready paths of a multipath map.", "", ["volume"]),
        new(MultipathPathFaults, "Path faults multipathd counted on the map per second.", "", ["volume"]),
        new(MultipathQueueTimeouts, "Queueing timeouts multipathd counted on the map per second.", "", ["volume"]),
        new(MultipathFallback, "Multipath paths read from sysfs because multipathd failed (1) or from multipathd (0).", "", ["host"]),
        new(MailQueueMessages, "Messages in a Postfix queue.", "", ["host", "queue"]),
        new(MailQueueBytes, "Bytes in a Postfix queue.", "bytes", ["host", "queue"]),
        new(MailQueueOldestAge, "Age of the oldest message in a Postfix queue.", "seconds", ["host", "queue"]),
        new(MailDeferredRecipients, "Distinct recipients of deferred mail.", "", ["host"]),
        new(MailDeferredDomains, "Distinct recipient domains of deferred mail.", "", ["host"]),
        new(MailDeferredByReason, "Deferred recipients by reason class.", "", ["host", "reason"]),
        new(MailDeferredByDomain, "Deferred recipients by recipient domain (topology domains, the rest as other) and reason class.", "", ["host", "domain", "reason"]),
        new(MailDeferredDomainOldestAge, "Age of the oldest deferred message with a recipient in the domain.", "seconds", ["host", "domain"]),
        new(MailLoginFailures, "Failed POP3/IMAP logins per second.", "", ["host", "protocol"]),
        new(MailLoginSuccesses, "Successful POP3/IMAP logins per second.", "", ["host", "protocol"]),
        new(MailLoginFailedUsers, "Distinct users whose login failed in the last interval.", "", ["host", "protocol"]),
        new(MailDeliveryFailures, "Failed deliveries into the mailbox store per second.", "", ["host"]),
        new(MailDeliveryDeferred, "Deliveries into the mailbox store deferred (temporary) per second, by recipient domain and reason.", "", ["host", "domain", "reason"]),
        new(MailDeliveryBounced, "Deliveries into the mailbox store bounced (permanent) per second, by recipient domain and reason.", "", ["host", "domain", "reason"]),
        new(MailBounces, "Bounces generated per second.", "", ["host"]),
        new(MailDiscarded, "Mail dropped without delivery per second (mail loss).", "", ["host"]),
        new(MailLogOutcomes, "Delivery outcomes in the mail log per second, by recipient domain, status (sent, deferred, bounced, expired, rejected) and reason class.", "", ["host", "domain", "status", "reason"]),
        new(MailRemoved, "Mail removed without being lost per second: backscatter bounces refused by their receiver, postsuper -d by an administrator.", "", ["host", "reason"]),
        new(ProbeSuccess, "Synthetic probe of a mail function succeeded (1) or failed (0).", "", ["service", "function"]),
        new(ProbeDuration, "Time a synthetic probe took.", "seconds", ["service", "function"]),
    }.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>Looks a metric up by name.</summary>
    public static bool TryGet(string name, out MetricDefinition definition) =>
        All.TryGetValue(name, out definition!);
}

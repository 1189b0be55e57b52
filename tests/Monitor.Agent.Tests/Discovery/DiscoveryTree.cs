using Monitor.Agent.Tests.Sources.Storage;

namespace Monitor.Agent.Tests.Discovery;

/// <summary>
/// prometheus/procfs' captured tree (fc_host host0 and host1; mpathA on sdb and sdc, mpathB on sdd
/// and sde) made into a whole host. The capture has no fc_remote_ports, no ALUA states, no
/// mountinfo and its disks are plain folders; what is added here is written in the kernel's
/// spelling and layout (a disk's folder under its HBA and remote port in /sys/devices, linked
/// from /sys/block), with one path per controller as the CTY host had:
/// controller A's port (WWPN 0x500a0981000000a1, via host0) owns mpathA, B's (0x500a0981000000b1,
/// via host1) owns mpathB. /srv/vmail is LVM on mpathA, /var/mail is mpathB, the queue is on /.
/// </summary>
internal sealed class DiscoveryTree : IDisposable
{
    public const string PortA = "0x500a0981000000a1";
    public const string PortB = "0x500a0981000000b1";

    public DiscoveryTree()
    {
        Tree = new SysfsTree(SysfsTree.ProcfsFixture);
        RemotePort("rport-0:0-1", PortA);
        RemotePort("rport-1:0-1", PortB);
        Hang("sdb", 0, "rport-0:0-1", "0:0:0:1", "active/optimized");
        Hang("sdc", 1, "rport-1:0-1", "1:0:0:1", "active/non-optimized");
        Hang("sdd", 0, "rport-0:0-1", "0:0:0:2", "active/non-optimized");
        Hang("sde", 1, "rport-1:0-1", "1:0:0:2", "active/optimized");

        // LVM on mpathA, as dm-3 (its slaves a plain file, as captures hold them).
        Tree.Write("/sys/block/dm-3/dm/name", "vg_mail-lv_store\n");
        Tree.Write("/sys/block/dm-3/dm/uuid", "LVM-Xa1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6A7B8C9D0\n");
        Tree.Write("/sys/block/dm-3/dev", "253:3\n");
        Tree.Write("/sys/block/dm-3/slaves/dm-1", "");
        Tree.Write("/proc/self/mountinfo", """
            22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
            40 22 253:3 / /srv/vmail rw,noatime shared:20 - xfs /dev/mapper/vg_mail-lv_store rw,attr2,inode64,logbufs=8,logbsize=32k,noquota
            41 22 253:2 / /var/mail rw,noatime shared:21 - xfs /dev/mapper/mpathB rw,attr2,inode64,logbufs=8,logbsize=32k,noquota
            """ + "\n");
        Tree.Write("/etc/postfix/main.cf", """
            # Postfix: the queue on the root filesystem, local mail in /var/mail
            queue_directory = /var/spool/postfix
            mail_spool_directory =
                /var/mail
            """ + "\n");
        Tree.Write("/etc/dovecot/dovecot.conf", """
            !include_try /usr/share/dovecot/protocols.d/*.protocol
            !include conf.d/*.conf
            """ + "\n");
        Tree.Write("/usr/share/dovecot/protocols.d/imapd.protocol", "protocols = $protocols imap\n");
        Tree.Write("/usr/share/dovecot/protocols.d/lmtpd.protocol", "protocols = $protocols lmtp\n");
        Tree.Write("/usr/share/dovecot/protocols.d/pop3d.protocol", "protocols = $protocols pop3\n");
        Tree.Write("/etc/dovecot/conf.d/10-mail.conf", """
            mail_location = mdbox:/srv/vmail/%d/%n
            namespace inbox {
              inbox = yes
              location =
            }
            """ + "\n");
        Tree.Write("/etc/timezone", "Asia/Tokyo\n");
    }

    public SysfsTree Tree { get; }

    public string Root => Tree.Root;

    public void Dispose() => Tree.Dispose();

    public void RemotePort(string name, string wwpn, string roles = "FCP Target", string state = "Online")
    {
        Tree.Write($"/sys/class/fc_remote_ports/{name}/port_name", wwpn + "\n");
        Tree.Write($"/sys/class/fc_remote_ports/{name}/node_name", wwpn.Replace("0x5", "0x2", StringComparison.Ordinal) + "\n");
        Tree.Write($"/sys/class/fc_remote_ports/{name}/port_state", state + "\n");
        Tree.Write($"/sys/class/fc_remote_ports/{name}/roles", roles + "\n");
    }

    // Moves the captured /sys/block/sdX to where the kernel keeps it and links it back.
    private void Hang(string disk, int host, string rport, string address, string accessState)
    {
        var target = $"target{address[..address.LastIndexOf(':')]}";
        var real = $"/sys/devices/pci0000:00/0000:00:03.0/0000:03:00.{host}/host{host}/{rport}/{target}/{address}/block/{disk}";
        Directory.CreateDirectory(Path.GetDirectoryName(Tree.PathOf(real))!);
        Directory.Move(Tree.PathOf($"/sys/block/{disk}"), Tree.PathOf(real));
        Tree.Symlink($"/sys/block/{disk}", ".." + real["/sys".Length..]);
        Tree.Write(real + "/device/access_state", accessState + "\n");
        Tree.Write(real + "/device/vendor", "NETAPP  \n");
        Tree.Write(real + "/device/model", "LUN C-Mode      \n");
    }
}

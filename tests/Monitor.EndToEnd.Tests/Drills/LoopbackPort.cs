using System.Net;
using System.Net.Sockets;

namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>A loopback port nothing listens on right now (the kernel's pick), for a process that must keep its port across restarts.</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

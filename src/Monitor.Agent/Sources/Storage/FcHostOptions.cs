namespace Monitor.Agent.Sources.Storage;

/// <summary>Options of the FC HBA port source (Agent:Sources:FcHost).</summary>
public sealed class FcHostOptions : SourceOptions
{
    /// <summary>Also read the remote ports (/sys/class/fc_remote_ports): the storage ports each HBA port sees. Default true.</summary>
    public bool RemotePorts { get; set; } = true;
}

namespace Monitor.Core.Topology;

/// <summary>The kinds of things in a site's topology, upstream first.</summary>
public enum EntityType
{
    /// <summary>A mail or storage host.</summary>
    Host,

    /// <summary>An FC HBA port of a host.</summary>
    HbaPort,

    /// <summary>A storage controller.</summary>
    Controller,

    /// <summary>An FC port of a storage controller (seed 002, Freebit: "Controller node2 のポート①").</summary>
    ControllerPort,

    /// <summary>An access path from a host to a volume through a controller.</summary>
    Path,

    /// <summary>A volume (LUN).</summary>
    Volume,

    /// <summary>A mail service.</summary>
    Service,

    /// <summary>One function of a mail service users see (pop3, smtp-in, webmail...), id "service/function".</summary>
    ServiceFunction,
}

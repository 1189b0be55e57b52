using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Monitor.Agent.Configuration;
using Monitor.Agent.Sources.Changes;
using Monitor.Agent.Sources.Mail;
using Monitor.Agent.Sources.Storage;

namespace Monitor.Agent.Sources;

/// <summary>
/// Binds a source's section into its options. Each call names the concrete options type, so the
/// configuration binding generator writes the binding code at build time and nothing is reflected
/// at run time (the natively compiled agent is trimmed).
/// </summary>
public static class SourceOptionsBinder
{
    // The sections inside sources' sections (lists of files, controllers, rules, targets).
    static SourceOptionsBinder()
    {
        ConfigurationKeys.Register<WatchedFileOptions>();
        ConfigurationKeys.Register<FirmwareCommandOptions>();
        ConfigurationKeys.Register<RedfishControllerOptions>();
        ConfigurationKeys.Register<ExporterRule>();
        ConfigurationKeys.Register<MailProbeOptions>();
    }

    /// <summary>Makes a source's settings, and those of the sections inside it, known to the key checks.</summary>
    public static void Register<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>()
        where TOptions : SourceOptions => ConfigurationKeys.Register<TOptions>();

    /// <summary>Binds <paramref name="section"/> into <paramref name="options"/>; unknown keys are errors.</summary>
    public static void Bind(IConfiguration section, SourceOptions options)
    {
        switch (options)
        {
            case RedfishOptions o: section.Bind(o, ConfigurationKeys.Strict); break;
            case ExporterOptions o: section.Bind(o, ConfigurationKeys.Strict); break;
            case ChangesOptions o: section.Bind(o, ConfigurationKeys.Strict); break;
            case PostfixQueueOptions o: section.Bind(o, ConfigurationKeys.Strict); break;
            case MailLogOptions o: section.Bind(o, ConfigurationKeys.Strict); break;
            case DovecotStatsOptions o: section.Bind(o, ConfigurationKeys.Strict); break;
            case ProbesOptions o: section.Bind(o, ConfigurationKeys.Strict); break;
            case DiskStatsOptions o: section.Bind(o, ConfigurationKeys.Strict); break;
            case FcHostOptions o: section.Bind(o, ConfigurationKeys.Strict); break;
            case ScsiDevicesOptions o: section.Bind(o, ConfigurationKeys.Strict); break;
            case MultipathOptions o: section.Bind(o, ConfigurationKeys.Strict); break;
            case FilesystemsOptions o: section.Bind(o, ConfigurationKeys.Strict); break;
            default: throw new InvalidOperationException($"{options.GetType()} has no binding: add it to {nameof(SourceOptionsBinder)}");
        }
    }
}

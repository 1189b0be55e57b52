using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Monitor.Agent;

/// <summary>
/// Checks the whole configuration at start. Every message names the key, the value found and
/// what is expected, so a person fixes the file in one go.
/// </summary>
public sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var errors = new List<string>();
        void Fail(string key, object? value, string expected) =>
            errors.Add($"Agent:{key} = '{Convert.ToString(value, CultureInfo.InvariantCulture)}' is not valid: expected {expected}");

        if (string.IsNullOrWhiteSpace(options.AgentId))
        {
            Fail("AgentId", options.AgentId, "a non-empty identity for this agent");
        }

        if (string.IsNullOrWhiteSpace(options.Host))
        {
            Fail("Host", options.Host, "the host name");
        }

        if (string.IsNullOrWhiteSpace(options.TopologyPath))
        {
            Fail("TopologyPath", options.TopologyPath, "the path of a topology file");
        }

        errors.AddRange(options.Collector.Validate("Agent:Collector"));

        var outbox = options.Outbox;
        if (outbox.Durable && string.IsNullOrWhiteSpace(outbox.Path))
        {
            Fail("Outbox:Path", outbox.Path, "a folder for the outbox's files");
        }

        if (outbox.SegmentBytes < 4096 || outbox.SegmentBytes > outbox.MaxBytes)
        {
            Fail("Outbox:SegmentBytes", outbox.SegmentBytes, $"at least 4096 and at most Outbox:MaxBytes ({outbox.MaxBytes})");
        }

        if (outbox.WarnAt is <= 0 or > 1)
        {
            Fail("Outbox:WarnAt", outbox.WarnAt, "a share above 0 and at most 1, e.g. 0.8");
        }

        var replay = options.Sources.Replay;
        if (replay.Enabled && string.IsNullOrWhiteSpace(replay.Path))
        {
            Fail("Sources:Replay:Path", replay.Path, "a scenario folder when the replay source is enabled");
        }

        if (!(replay.Speed >= 0) || double.IsInfinity(replay.Speed))
        {
            Fail("Sources:Replay:Speed", replay.Speed, "0 (as fast as possible) or a positive speed-up factor such as 600");
        }

        if (replay.Output is not ("text" or "json"))
        {
            Fail("Sources:Replay:Output", replay.Output, "\"text\" or \"json\"");
        }

        if (replay.ProgressEvery < TimeSpan.Zero)
        {
            Fail("Sources:Replay:ProgressEvery", replay.ProgressEvery, "a time span of zero (off) or more");
        }

        // "localhost:9105" is an absolute URI too (scheme "localhost"), and only Kestrel's start
        // would refuse it, with a stack trace: the scheme and host are checked here.
        if (options.Http.Listen.Length > 0
            && !(Uri.TryCreate(options.Http.Listen, UriKind.Absolute, out var listen)
                && listen.Scheme is "http" or "https" && listen.Host.Length > 0 && listen.PathAndQuery == "/"))
        {
            Fail("Http:Listen", options.Http.Listen, "http://HOST:PORT such as http://127.0.0.1:9105 (scheme, host and port, no path), or empty");
        }

        if (options.Telemetry.OtlpEndpoint.Length > 0 && !Uri.TryCreate(options.Telemetry.OtlpEndpoint, UriKind.Absolute, out _))
        {
            Fail("Telemetry:OtlpEndpoint", options.Telemetry.OtlpEndpoint, "an absolute URI such as http://127.0.0.1:4317, or empty");
        }

        if (options.Telemetry.LogFormat is not ("auto" or "text" or "systemd" or "json"))
        {
            Fail("Telemetry:LogFormat", options.Telemetry.LogFormat, "auto, text, systemd or json");
        }

        foreach (var definition in SourceRegistry.All)
        {
            var source = definition.Options(options.Sources);
            if (!source.Enabled)
            {
                continue;
            }

            var key = $"Sources:{definition.Section}";
            if (source.Interval < TimeSpan.FromMilliseconds(100) || source.Interval > TimeSpan.FromHours(1))
            {
                Fail($"{key}:Interval", source.Interval, "a time span between 00:00:00.1 and 01:00:00");
            }

            if (source.Timeout <= TimeSpan.Zero || source.Timeout > source.Interval)
            {
                Fail($"{key}:Timeout", source.Timeout, $"a time span above zero and at most the interval ({source.Interval})");
            }

            if (!Directory.Exists(source.Root))
            {
                Fail($"{key}:Root", source.Root, "an existing directory the source's paths are read under");
            }

            if (source.InputFile.Length > 0 && !File.Exists(source.InputFile))
            {
                Fail($"{key}:InputFile", source.InputFile, "an existing file (a saved output), or empty to read the live interface");
            }

            errors.AddRange(source.Validate($"Agent:{key}"));
        }

        ValidateAnnotated("Detection", options.Detection, errors);
        ValidateAnnotated("Incidents", options.Incidents, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // The thresholds carry their ranges as DataAnnotations; this turns each violation into a
    // message with the key and the value. The properties are read from a type the trimmer keeps
    // them for (the generic parameter), and each value is checked against its own attributes, so
    // nothing here depends on reflection the trimmed agent lacks.
    private static void ValidateAnnotated<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(
        string section, T options, List<string> errors)
        where T : class
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attributes = property.GetCustomAttributes<ValidationAttribute>(inherit: true).ToList();
            if (attributes.Count == 0)
            {
                continue;
            }

            var value = property.GetValue(options);
            var context = new ValidationContext(options, property.Name, null, null) { MemberName = property.Name };
            var results = new List<ValidationResult>();
            if (Validator.TryValidateValue(value, context, results, attributes))
            {
                continue;
            }

            foreach (var result in results)
            {
                errors.Add($"Agent:{section}:{property.Name} = '{Convert.ToString(value, CultureInfo.InvariantCulture)}' is not valid: {result.ErrorMessage}");
            }
        }
    }
}

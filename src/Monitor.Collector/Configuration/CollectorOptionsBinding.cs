using System.Reflection;
using Microsoft.Extensions.Options;

namespace Monitor.Collector.Configuration;

/// <summary>
/// Binds the <c>Collector</c> section strictly: a misspelt key is an error, not a silently
/// ignored setting that leaves the default in force.
/// </summary>
internal sealed partial class CollectorOptionsBinding : IConfigureOptions<CollectorOptions>
{
    private static readonly string[] KnownKeys = typeof(CollectorOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => p.Name)
        .ToArray();

    /// <summary>Keys that moved, with where they live now; an old file gets told, not ignored.</summary>
    private static readonly Dictionary<string, string> MovedKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MaxMessageBytes"] = "Limits:MaxMessageBytes",
    };

    private readonly IConfiguration _configuration;

    public CollectorOptionsBinding(IConfiguration configuration)
    {
        _configuration = configuration;
    }

    public void Configure(CollectorOptions options)
    {
        var section = _configuration.GetSection(CollectorOptions.SectionName);
        var unknown = section.GetChildren()
            .Select(child => child.Key)
            .Where(key => !KnownKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            .Select(key => MovedKeys.TryGetValue(key, out var now)
                ? $"{CollectorOptions.SectionName}:{key} has moved; write it as {CollectorOptions.SectionName}:{now}"
                : $"{CollectorOptions.SectionName}:{key} is not a known setting; expected one of {string.Join(", ", KnownKeys)}")
            .ToList();
        if (unknown.Count == 0)
        {
            // Below the top: Tls:KeyPth, Agents:mail01:Sitee, Web:Users:0:Nmae, each by its full path.
            unknown = [.. Unknown(section, typeof(CollectorOptions))];
        }

        if (unknown.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(CollectorOptions), unknown);
        }

        try
        {
            // The check above names the key; the binder's own check stays as a backstop for
            // nested settings added later.
            section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            // A value of the wrong type, e.g. "Limits:MaxMessageBytes": "4MB"; the binder's message
            // names the key and the value. Inside a list (Web:Users:0:...) the binder wraps the
            // message that names the key, so the innermost one is shown.
            var innermost = ex;
            while (innermost.InnerException is InvalidOperationException inner)
            {
                innermost = inner;
            }

            throw new OptionsValidationException(Options.DefaultName, typeof(CollectorOptions), [Explain(innermost.Message)]);
        }
    }

    // The binder says "Failed to convert configuration value '4MB' at 'Collector:Limits:MaxMessageBytes'
    // to type 'System.Int32'"; an operator is told, in the words of the other messages, what is expected.
    private static string Explain(string binderMessage)
    {
        var match = ConversionFailure().Match(binderMessage);
        if (!match.Success)
        {
            return binderMessage;
        }

        var expected = match.Groups["type"].Value switch
        {
            "System.Uri" => "an absolute address with scheme, host and port, e.g. http://127.0.0.1:50051",
            "System.Int32" or "System.Int64" => "a whole number, e.g. 4194304",
            "System.Double" => "a number, e.g. 0.5",
            "System.Boolean" => "true or false",
            "System.TimeSpan" => "a time span written hh:mm:ss, e.g. 00:00:10",
            var type => $"a value of type {type}",
        };
        return $"{match.Groups["key"].Value} = '{match.Groups["value"].Value}' is not valid: expected {expected}";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'")]
    private static partial System.Text.RegularExpressions.Regex ConversionFailure();

    /// <summary>One message per key under <paramref name="section"/> that <paramref name="type"/> (or the type of a list's or map's items) has no setting for.</summary>
    private static IEnumerable<string> Unknown(IConfigurationSection section, Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        foreach (var child in section.GetChildren())
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                yield return $"{child.Path} is not a known setting; expected one of {string.Join(", ", properties.Select(p => p.Name))}";
                continue;
            }

            var nested = IsSection(property.PropertyType)
                ? Unknown(child, property.PropertyType)
                : ItemSection(property.PropertyType) is { } item ? child.GetChildren().SelectMany(element => Unknown(element, item)) : [];
            foreach (var message in nested)
            {
                yield return message;
            }
        }
    }

    private static Type? ItemSection(Type type)
    {
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var item = definition == typeof(List<>) ? type.GetGenericArguments()[0]
            : definition == typeof(Dictionary<,>) ? type.GetGenericArguments()[1]
            : null;
        return item is not null && IsSection(item) ? item : null;
    }

    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && !type.IsGenericType;
}

using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Monitor.Agent.Options;

/// <summary>
/// Binds a configuration section to an options object, turning the binder's complaints into
/// messages in the file's own terms: the full key, the value found, and what is expected.
/// </summary>
public static partial class ConfigurationKeys
{
    /// <summary>Binds <paramref name="section"/> to a new <typeparamref name="T"/>; throws <see cref="ConfigurationError"/>.</summary>
    public static T Bind<T>(IConfigurationSection section)
        where T : new()
    {
        var unknown = Unknown(section, typeof(T)).ToList();
        if (unknown.Count > 0)
        {
            throw new ConfigurationError(string.Join(Environment.NewLine, unknown.Select(u => $"{u.Key} is not a known setting (known here: {u.Known})")));
        }

        var options = new T();
        try
        {
            section.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e) when (ConversionFailure().Match(e.Message) is { Success: true } m)
        {
            throw new ConfigurationError($"{m.Groups["key"].Value} = '{m.Groups["value"].Value}' is not valid: expected {Expected(m.Groups["type"].Value)}", e);
        }

        return options;
    }

    private static IEnumerable<(string Key, string Known)> Unknown(IConfigurationSection section, Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        foreach (var child in section.GetChildren())
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                yield return (child.Path, string.Join(", ", properties.Select(p => p.Name)));
            }
            else if (IsSection(property.PropertyType))
            {
                foreach (var nested in Unknown(child, property.PropertyType))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && !type.IsGenericType;

    private static string Expected(string type) => type switch
    {
        "System.TimeSpan" => "a time span written hh:mm:ss, e.g. 00:00:10",
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Double" => "a number, e.g. 1.5",
        "System.Boolean" => "true or false",
        _ => $"a value of type {type}",
    };

    [GeneratedRegex("value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();
}

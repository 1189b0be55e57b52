using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Monitor.Conventions.Tests.Documentation;

/// <summary>
/// docs/settings.md, written from the options classes themselves: every key a configuration file
/// may set, its default (read from a new instance) and its meaning (the property's XML summary).
/// The page cannot drift because a test writes it again and compares.
/// </summary>
internal static class SettingsPage
{
    /// <summary>The page's path from the repository root.</summary>
    public const string RelativePath = "docs/settings.md";

    /// <summary>The page as the options classes describe it today.</summary>
    public static string Render(IEnumerable<(string Section, Type Options, string Title)> roots)
    {
        var page = new StringBuilder();
        page.Append("# Settings\n\n");
        page.Append("Every key the configuration files may set, with its default and meaning. This page is written\n");
        page.Append("from the options classes (their defaults and XML summaries) by `tests/Monitor.Conventions.Tests`;\n");
        page.Append("edit the class, then run `MONITOR_WRITE_DOCS=1 dotnet test tests/Monitor.Conventions.Tests` to\n");
        page.Append("write it again. What a key means in practice is in [configuration.md](configuration.md) and\n");
        page.Append("[sources.md](sources.md).\n");
        foreach (var (section, options, title) in roots)
        {
            page.Append(CultureInfo.InvariantCulture, $"\n## {title} (`{section}`)\n");
            var rows = new List<(string Group, string Key, string Default, string Meaning)>();
            Walk(section, section, options, Activator.CreateInstance(options)!, rows, 0);
            foreach (var group in rows.GroupBy(r => r.Group))
            {
                page.Append(CultureInfo.InvariantCulture, $"\n### `{group.Key}`\n\n| key | default | meaning |\n|---|---|---|\n");
                foreach (var row in group)
                {
                    page.Append(CultureInfo.InvariantCulture, $"| `{row.Key}` | {row.Default} | {Cell(row.Meaning)} |\n");
                }
            }
        }

        return page.ToString();
    }

    private static void Walk(string group, string path, Type type, object instance, List<(string, string, string, string)> rows, int depth)
    {
        if (depth > 8)
        {
            throw new InvalidOperationException($"{path}: options nest deeper than 8 levels; is there a cycle?");
        }

        var nested = new List<(PropertyInfo Property, object Value)>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            if (property.SetMethod is not { IsPublic: true } && !IsBindableCollection(property.PropertyType))
            {
                continue; // computed, not configured
            }

            var value = property.GetValue(instance);
            var key = property.Name;
            if (IsOptionsClass(property.PropertyType))
            {
                nested.Add((property, value ?? Activator.CreateInstance(property.PropertyType)!));
                continue;
            }

            if ((DictionaryOfOptions(property.PropertyType) ?? ListOfOptions(property.PropertyType)) is { } entry)
            {
                rows.Add((group, key, "(none)", XmlDocs.Summary(property)));
                nested.Add((property, Activator.CreateInstance(entry)!));
                continue;
            }

            rows.Add((group, key, Default(value), XmlDocs.Summary(property)));
        }

        foreach (var (property, value) in nested)
        {
            var child = DictionaryOfOptions(property.PropertyType) is not null ? $"{path}:{property.Name}:<name>"
                : ListOfOptions(property.PropertyType) is not null ? $"{path}:{property.Name}:<index>"
                : $"{path}:{property.Name}";
            Walk(child, child, value.GetType(), value, rows, depth + 1);
        }
    }

    private static bool IsOptionsClass(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Monitor.", StringComparison.Ordinal) == true
        && type.GetConstructor(Type.EmptyTypes) is not null && !IsCollection(type);

    // The configuration binder fills a get-only list or dictionary in place, never a read-only view.
    private static bool IsBindableCollection(Type type) =>
        !type.IsArray && (typeof(IList).IsAssignableFrom(type) || typeof(IDictionary).IsAssignableFrom(type));

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static Type? DictionaryOfOptions(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var k, var v] && k == typeof(string)
        && typeof(IDictionary).IsAssignableFrom(type) && IsOptionsClass(v)
            ? v
            : null;

    private static Type? ListOfOptions(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var item] && typeof(IEnumerable).IsAssignableFrom(type) && IsOptionsClass(item)
            ? item
            : type.IsArray && IsOptionsClass(type.GetElementType()!) ? type.GetElementType() : null;

    private static string Default(object? value) => value switch
    {
        null => "(none)",
        string s when s.Length == 0 => "`\"\"`",
        string s when s == Environment.MachineName => "(this host's name)",
        string s => $"`{s}`",
        bool b => b ? "`true`" : "`false`",
        TimeSpan t => $"`{t.ToString("c", CultureInfo.InvariantCulture)}`",
        Enum e => $"`{e}`",
        IFormattable f => $"`{f.ToString(null, CultureInfo.InvariantCulture)}`",
        IDictionary { Count: 0 } => "`{}`",
        IEnumerable e when !e.Cast<object>().Any() => "`[]`",
        IEnumerable e => $"`[{string.Join(", ", e.Cast<object>().Select(x => Default(x).Trim('`')))}]`",
        _ => $"`{value}`",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}

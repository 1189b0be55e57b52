using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Monitor.Conventions.Tests.Documentation;

/// <summary>The XML documentation the build writes beside each assembly, read back as plain sentences.</summary>
internal static partial class XmlDocs
{
    private static readonly Dictionary<Assembly, Dictionary<string, string>> Loaded = [];

    /// <summary>The summary of a property, as one line of text; "" when it has none.</summary>
    public static string Summary(PropertyInfo property)
    {
        var type = property.DeclaringType!;
        var members = Members(type.Assembly);
        return members.GetValueOrDefault($"P:{type.FullName!.Replace('+', '.')}.{property.Name}", "");
    }

    private static Dictionary<string, string> Members(Assembly assembly)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(assembly, out var members))
            {
                var path = Path.ChangeExtension(assembly.Location, ".xml");
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"{path}: the build writes the XML documentation beside the assembly (GenerateDocumentationFile)");
                }

                members = XDocument.Load(path).Descendants("member")
                    .Where(m => m.Element("summary") is not null)
                    .ToDictionary(m => (string)m.Attribute("name")!, m => Text(m.Element("summary")!), StringComparer.Ordinal);
                Loaded[assembly] = members;
            }

            return members;
        }
    }

    // <see cref="T:A.B.C"/> reads as C, <c>x</c> as `x`; white space folds to one space.
    private static string Text(XElement summary)
    {
        var parts = summary.Nodes().Select(node => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "see" or "seealso" } see =>
                (string?)see.Attribute("langword") ?? ((string?)see.Attribute("cref"))?.Split('.', ':').Last() ?? see.Value,
            XElement { Name.LocalName: "paramref" or "typeparamref" } p => (string?)p.Attribute("name") ?? "",
            XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
            XElement other => other.Value,
            _ => "",
        });
        return Spaces().Replace(string.Concat(parts), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

namespace Monitor.Conventions.Tests.Architecture;

/// <summary>Checks source files against <see cref="RoomOrder"/> and says, per file, what points the wrong way.</summary>
internal static class RoomGraph
{
    /// <summary>Every reference from a room to a room after it, or to a project it may not use.</summary>
    public static IReadOnlyList<string> BackEdges(IEnumerable<SourceFile> files)
    {
        var problems = new List<string>();
        foreach (var file in files)
        {
            foreach (var reference in file.References)
            {
                var parts = reference.Split('.');
                var project = parts[1];
                if (project != file.Project)
                {
                    if (!RoomOrder.Projects[file.Project].Contains(project))
                    {
                        problems.Add($"{file.Project}/{file.RelativePath} uses {reference}: {file.Project} may use only {Listed(RoomOrder.Projects[file.Project])}");
                    }

                    continue;
                }

                var room = parts.Length > 2 ? parts[2] : "";
                if (room == file.Room || !RoomOrder.Rooms[project].Contains(room))
                {
                    // A type in the root namespace, or the file's own room. Unknown rooms are
                    // reported by UnplacedRooms, not here.
                    continue;
                }

                var order = RoomOrder.Rooms[project];
                if (Array.IndexOf(order, room) > Array.IndexOf(order, file.Room))
                {
                    problems.Add($"{file.Project}/{file.RelativePath} uses {reference}: {Name(room)} comes after {Name(file.Room)} in {project}'s order ({string.Join(" ← ", order.Select(Name))})");
                }
            }
        }

        return problems;
    }

    /// <summary>Rooms that exist on disk but have no place in the order, and places no folder fills.</summary>
    public static IReadOnlyList<string> UnplacedRooms(IReadOnlyList<SourceFile> files)
    {
        var problems = new List<string>();
        foreach (var (project, order) in RoomOrder.Rooms.Where(r => files.Any(f => f.Project == r.Key)))
        {
            var present = files.Where(f => f.Project == project).Select(f => f.Room).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(present.Where(r => !order.Contains(r)).Select(r => $"{project}/{r}/ is not in RoomOrder.Rooms[\"{project}\"]: give it its place"));
            problems.AddRange(order.Where(r => !present.Contains(r)).Select(r => $"RoomOrder.Rooms[\"{project}\"] lists {Name(r)}, which has no file"));
        }

        return problems;
    }

    /// <summary>Files whose namespace does not follow their folder, so a reference cannot tell its room.</summary>
    public static IReadOnlyList<string> MisplacedNamespaces(IEnumerable<SourceFile> files) =>
    [
        .. files
            // Program.cs holds top-level statements: no namespace to declare.
            .Where(f => f.Project != "Contracts" && !(f.RelativePath == "Program.cs" && f.Namespace.Length == 0))
            .Select(f => (File: f, Expected: string.Join('.', new[] { "Monitor", f.Project }.Concat(Path.GetDirectoryName(f.RelativePath)!.Split('/', StringSplitOptions.RemoveEmptyEntries)))))
            .Where(x => x.File.Namespace != x.Expected)
            .Select(x => $"{x.File.Project}/{x.File.RelativePath} declares namespace '{x.File.Namespace}', its folder says '{x.Expected}'"),
    ];

    private static string Listed(string[] projects) => projects.Length == 0 ? "itself" : string.Join(", ", projects);

    private static string Name(string room) => room.Length == 0 ? "the host (project root)" : room;
}

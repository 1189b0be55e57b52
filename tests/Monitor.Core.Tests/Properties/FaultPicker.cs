namespace Monitor.Core.Tests.Properties;

/// <summary>
/// Chooses where a fault strikes on a generated site, by the site's objects (never by name), and
/// which parts of a site are independent: its connected pieces (services joined by a shared host,
/// volumes on one array), between which a fault in one cannot reach the other.
/// </summary>
internal static class FaultPicker
{
    /// <summary>Every fault kind that opens an incident.</summary>
    public static IReadOnlyList<FaultKind> Opening { get; } =
        [.. Enum.GetValues<FaultKind>().Where(k => !new InjectedFault(k, 0, 0).WarningOnly)];

    /// <summary>
    /// A fault of <paramref name="kind"/> in <paramref name="piece"/> (or anywhere), or null when the
    /// site has no place for it (a controller stop without partner on a site where every controller has one).
    /// </summary>
    public static InjectedFault? Pick(GeneratedSite site, Random random, FaultKind kind, int from, int until, IReadOnlySet<SiteService>? piece = null, bool? partner = null)
    {
        var services = site.Services.Where(s => piece is null || piece.Contains(s)).ToList();
        var volumes = site.Volumes.Where(v => services.Contains(v.Service)).ToList();
        var hosts = services.SelectMany(s => s.Hosts).Distinct().ToList();
        var fault = new InjectedFault(kind, from, until);
        switch (kind)
        {
            case FaultKind.ControllerStop:
                var controllers = volumes.Select(v => v.Owner).Distinct().Where(c => partner is null || (c.Partner is not null) == partner).ToList();
                return controllers.Count == 0 ? null : fault with { Controller = Pick(random, controllers) };
            case FaultKind.PathLoss:
                var paths = site.Paths.Where(p => volumes.Contains(p.Volume)).ToList();
                return fault with { Path = Pick(random, paths) };
            case FaultKind.GrayPath:
                // A gray path carries I/O: one of the owner's (ALUA active/optimised) paths.
                return fault with { Path = Pick(random, site.Paths.Where(p => volumes.Contains(p.Volume) && p.Controller == p.Volume.Owner).ToList()) };
            case FaultKind.LatencyBuildUp or FaultKind.SmallIoShift:
                return fault with { Controller = Pick(random, volumes.Select(v => v.Owner).Distinct().ToList()) };
            case FaultKind.FailoverMissing or FaultKind.SurvivorOverloadIops or FaultKind.SurvivorOverloadThroughput or FaultKind.HeadroomIops or FaultKind.HeadroomThroughput:
                // A controller that serves volumes and has a partner to fail over to, or to share the load with.
                var paired = volumes.Select(v => v.Owner).Distinct().Where(c => c.Partner is not null).ToList();
                return paired.Count == 0 ? null : fault with { Controller = Pick(random, paired) };
            case FaultKind.FcPortMarginal:
                return fault with { Port = Pick(random, hosts.SelectMany(h => h.HbaPorts).ToList()) };
            case FaultKind.DriveFailurePredicted or FaultKind.VolumeRebuilding:
                return fault with { Volume = Pick(random, volumes) };
            case FaultKind.FcOpticalPower:
                return fault with { Port = Pick(random, hosts.SelectMany(h => h.HbaPorts).ToList()) };
            case FaultKind.FcPortErrors:
                return fault with { Port = Pick(random, volumes.SelectMany(v => v.Controllers).SelectMany(c => c.Ports).Distinct().ToList()) };
            case FaultKind.StoreFilling:
                return fault with { Volume = Pick(random, volumes) };
            case FaultKind.LoginStorm:
                var stormed = Pick(random, services);
                return fault with { Service = stormed, People = random.Next(60, 1_500) };
            default:
                var service = Pick(random, services);
                return fault with { Service = service, Host = Pick(random, service.Hosts) };
        }
    }

    /// <summary>The site's independent pieces: services joined by a shared host or by an array their volumes share.</summary>
    public static IReadOnlyList<IReadOnlySet<SiteService>> Pieces(GeneratedSite site)
    {
        var pieces = site.Services.Select(s => new HashSet<SiteService> { s }).ToList();
        bool Joined(HashSet<SiteService> a, HashSet<SiteService> b) =>
            a.Any(x => b.Any(y => x.Hosts.Intersect(y.Hosts).Any() || x.Volumes.Any(v => y.Volumes.Any(w => v.Owner.Array == w.Owner.Array))));
        for (var merged = true; merged;)
        {
            merged = false;
            for (var i = 0; i < pieces.Count && !merged; i++)
            {
                for (var j = i + 1; j < pieces.Count && !merged; j++)
                {
                    if (Joined(pieces[i], pieces[j]))
                    {
                        pieces[i].UnionWith(pieces[j]);
                        pieces.RemoveAt(j);
                        merged = true;
                    }
                }
            }
        }

        return pieces;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}

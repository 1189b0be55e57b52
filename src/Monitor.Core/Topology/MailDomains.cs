namespace Monitor.Core.Topology;

/// <summary>
/// Which service mail belongs to, by recipient domain: a shared MX is blamed only on the
/// service whose mail is failing. The agent's sources count mail per <em>bucket</em> (one of the
/// topology's domains, or <see cref="Other"/>), so the cardinality of what they emit is bounded
/// by the topology, never by the mail; the rules map buckets back to the services of a host.
/// </summary>
public sealed class MailDomains
{
    /// <summary>The bucket of every recipient domain the topology does not list.</summary>
    public const string Other = "other";

    private readonly IReadOnlyList<MailService> _services;

    /// <summary>Builds the map of a site's services.</summary>
    public MailDomains(IReadOnlyList<MailService> services)
    {
        _services = services;
        Known = [.. services.SelectMany(s => s.Domains).Distinct(StringComparer.Ordinal).OrderByDescending(d => d.Length).ThenBy(d => d, StringComparer.Ordinal)];
        Buckets = [.. Known.Order(StringComparer.Ordinal), Other];
    }

    /// <summary>Every domain the topology lists, longest first (so the most specific matches first).</summary>
    public IReadOnlyList<string> Known { get; }

    /// <summary>Every bucket a source reports, always (0 when quiet): the known domains, then <see cref="Other"/>.</summary>
    public IReadOnlyList<string> Buckets { get; }

    /// <summary>A domain as the topology keeps it: trimmed, lower case, no trailing dot.</summary>
    public static string Normalize(string domain) => domain.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>Whether <paramref name="domain"/> (normalized) is a DNS name of at least two labels.</summary>
    public static bool IsDomainName(string domain)
    {
        var labels = domain.Split('.');
        return domain.Length <= 253 && labels.Length >= 2 && labels.All(l =>
            l.Length is >= 1 and <= 63 && l[0] != '-' && l[^1] != '-' && l.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'));
    }

    /// <summary>
    /// The bucket of a recipient's domain (the part after '@'): the longest known domain it is or
    /// is a subdomain of ("mail.cty.ne.jp" is "cty.ne.jp"), else <see cref="Other"/>. Case does not matter.
    /// </summary>
    public string Bucket(ReadOnlySpan<char> recipientDomain)
    {
        var domain = recipientDomain.Trim().TrimEnd('.');
        foreach (var known in Known)
        {
            if (domain.EndsWith(known, StringComparison.OrdinalIgnoreCase)
                && (domain.Length == known.Length || domain[domain.Length - known.Length - 1] == '.'))
            {
                return known;
            }
        }

        return Other;
    }

    /// <summary>The bucket of a recipient address ("user@cty.ne.jp"); an address without a domain is <see cref="Other"/>.</summary>
    public string BucketOfAddress(ReadOnlySpan<char> address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? Other : Bucket(address[(at + 1)..].TrimEnd('>'));
    }

    /// <summary>
    /// The buckets whose mail on <paramref name="host"/> belongs to <paramref name="service"/>.
    /// A host with one service: all of them. A shared host: the service's own domains; the one
    /// service there that lists none takes every other bucket (<see cref="Other"/> included).
    /// </summary>
    public IReadOnlyList<string> BucketsOf(string host, MailService service)
    {
        var others = _services.Where(s => !ReferenceEquals(s, service) && s.Hosts.Contains(host, StringComparer.Ordinal)).ToList();
        if (others.Count == 0)
        {
            return Buckets;
        }

        // The service that lists no domains takes every bucket no other service on the host owns.
        return service.Domains.Count > 0
            ? [.. service.Domains]
            : [.. Buckets.Where(b => !others.Any(o => o.Domains.Contains(b, StringComparer.Ordinal)))];
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;

namespace Monitor.Collector.Ingest;

/// <summary>
/// The agent id (CN) and site (OU) in a client certificate's subject, as
/// <c>deploy/make-certs.sh</c> writes them: <c>O=Monitor, OU=&lt;site&gt;, CN=&lt;agent id&gt;</c>.
/// </summary>
internal static class AgentCertificateSubject
{
    private const string CommonName = "2.5.4.3";
    private const string OrganizationalUnit = "2.5.4.11";

    /// <summary>Reads CN and OU; a subject without exactly one CN, or with several OUs, is refused as ambiguous.</summary>
    public static bool TryRead(
        X509Certificate2 certificate,
        [NotNullWhen(true)] out string? agentId,
        [NotNullWhen(true)] out string? site,
        [NotNullWhen(false)] out string? problem)
    {
        var names = new List<string>();
        var units = new List<string>();
        foreach (var name in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (name.HasMultipleElements)
            {
                continue;
            }

            var type = name.GetSingleElementType().Value;
            var value = name.GetSingleElementValue() ?? "";
            if (type == CommonName)
            {
                names.Add(value);
            }
            else if (type == OrganizationalUnit)
            {
                units.Add(value);
            }
        }

        agentId = null;
        site = null;
        if (names.Count != 1 || names[0].Length == 0)
        {
            problem = $"the client certificate '{certificate.Subject}' has {names.Count} CNs; expected one, the agent id";
            return false;
        }

        if (units.Count > 1)
        {
            problem = $"the client certificate '{certificate.Subject}' has {units.Count} OUs; expected at most one, the site";
            return false;
        }

        agentId = names[0];
        site = units.Count == 1 ? units[0] : "";
        problem = null;
        return true;
    }
}

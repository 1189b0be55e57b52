using Monitor.Collector.Configuration;

namespace Monitor.Collector.Web.Authentication;

/// <summary>Checks <c>Collector:Web</c> at start: the anonymous access, every user and token, every secret file.</summary>
internal static class WebAccessValidation
{
    /// <summary>Adds a message per problem to <paramref name="failures"/>, naming the key and the file, never a secret.</summary>
    public static void Check(List<string> failures, WebOptions web)
    {
        if (web.MaxConcurrentReads < 0)
        {
            failures.Add($"{CollectorOptions.SectionName}:Web:MaxConcurrentReads = {web.MaxConcurrentReads} is negative; expected 0 (one less than the processors) or a number of requests");
        }

        if (!WebRoles.TryParse(web.Anonymous, allowNone: true, out _))
        {
            failures.Add($"{CollectorOptions.SectionName}:Web:Anonymous = '{web.Anonymous}' is not known; expected {WebOptions.NoOne}, {WebOptions.ReadOnly} (a closed lab network) or {WebOptions.OnCall}");
        }

        WebCredentials.Load(web, failures);
    }
}

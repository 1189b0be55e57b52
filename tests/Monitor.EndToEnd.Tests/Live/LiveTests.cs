namespace Monitor.EndToEnd.Tests.Live;

/// <summary>
/// The live tests run one after another and alone: they share the host's /etc/postfix/main.cf
/// and the agent's system user, and their figures (start to first incident) are timings that a
/// machine busy with other tests would blur.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveTests
{
    public const string Name = "Live tests";
}

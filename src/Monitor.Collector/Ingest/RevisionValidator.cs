using System.Text;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Ingest;

/// <summary>
/// Checks a push before anything of it is stored. The first problem found is returned as one
/// sentence that names the field by its path in the request, e.g.
/// "revisions[0].incident_id is required", so the agent's log says exactly what to fix.
/// </summary>
public static class RevisionValidator
{
    /// <summary>Longest incident id, in characters.</summary>
    public const int MaxIncidentIdLength = 200;

    /// <summary>Longest string anywhere in a request, in UTF-8 bytes, unless told otherwise (4 KiB, <c>Collector:Limits:MaxStringLength</c>).</summary>
    public const int MaxStringBytes = 4 * 1024;

    /// <summary>Most revisions in one call.</summary>
    public const int MaxRevisionsPerCall = 1000;

    /// <summary>Most entries in a list of a revision: symptoms, evidence samples of a finding, links, services, devices.</summary>
    public const int MaxListItems = 1000;

    /// <summary>Most arguments of one finding's message (a sentence has a handful).</summary>
    public const int MaxMessageArguments = 32;

    /// <summary>Most points in the affected-users series or events on the timeline (a week at one a minute fits).</summary>
    public const int MaxSeriesPoints = 100_000;

    /// <summary>
    /// Most users any count may say (affected users, total contracts, a series point): a billion,
    /// eight times Japan's population and far below where sums over members could overflow.
    /// </summary>
    public const long MaxUserCount = 1_000_000_000;

    /// <summary>
    /// Earliest time a revision may carry: no clock of a running agent is before it, and times at
    /// the start of DateTime's range break the arithmetic of merge windows and deadlines.
    /// </summary>
    public static readonly DateTimeOffset EarliestTime = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Latest time a revision may carry: far beyond any clock, far inside DateTime's range.</summary>
    public static readonly DateTimeOffset LatestTime = new(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Returns the first problem of <paramref name="request"/>, or null when it may be stored.
    /// Free-text fields may be at most <paramref name="maxStringLength"/> UTF-8 bytes long.
    /// </summary>
    public static string? FindProblem(PushRevisionsRequest request, int maxStringLength = MaxStringBytes) =>
        new Checker(maxStringLength).Find(request);

    /// <summary>The checks, with the string limit of one collector.</summary>
    private sealed class Checker(int maxStringLength)
    {
        public string? Find(PushRevisionsRequest request)
        {
            return CheckAgent(request.Agent, "agent")
                ?? CheckCount(request.Revisions.Count, "revisions", MaxRevisionsPerCall)
                ?? CheckRevisions(request.Revisions);
        }

        private string? CheckRevisions(RepeatedField<IncidentRevision> revisions)
        {
            for (var index = 0; index < revisions.Count; index++)
            {
                var problem = CheckRevision(revisions[index], $"revisions[{index}]");
                if (problem is not null)
                {
                    return problem;
                }
            }

            return null;
        }

        private string? CheckAgent(AgentIdentity? agent, string path)
        {
            if (agent is null)
            {
                return $"{path} is required (agent_id and host)";
            }

            return Required(agent.AgentId, $"{path}.agent_id")
                ?? Required(agent.Host, $"{path}.host")
                ?? Text(agent.Site, $"{path}.site")
                ?? Text(agent.AgentVersion, $"{path}.agent_version");
        }

        private string? CheckRevision(IncidentRevision revision, string path)
        {
            return CheckIncidentId(revision.IncidentId, $"{path}.incident_id")
                ?? (revision.Revision < 1 ? $"{path}.revision must be 1 or more (got {revision.Revision})" : null)
                ?? Required(revision.IdempotencyKey, $"{path}.idempotency_key")
                ?? (revision.Agent is null ? null : CheckAgent(revision.Agent, $"{path}.agent"))
                ?? RequiredEnum(revision.State, $"{path}.state")
                ?? RequiredEnum(revision.Severity, $"{path}.severity")
                ?? Text(revision.Title, $"{path}.title")
                ?? RequiredTime(revision.OpenedAt, $"{path}.opened_at")
                ?? RequiredTime(revision.UpdatedAt, $"{path}.updated_at")
                ?? OptionalTime(revision.RecoveredAt, $"{path}.recovered_at")
                ?? OptionalTime(revision.ResolvedAt, $"{path}.resolved_at")
                ?? CheckRootCause(revision.RootCause, $"{path}.root_cause")
                ?? Each(revision.CausalChain, $"{path}.causal_chain", MaxListItems, CheckLink)
                ?? Each(revision.Symptoms, $"{path}.symptoms", MaxListItems, CheckFinding)
                ?? Each(revision.AffectedUsers, $"{path}.affected_users", MaxListItems, CheckAffectedUsers)
                ?? Each(revision.AffectedUsersSeries, $"{path}.affected_users_series", MaxSeriesPoints, CheckPoint)
                ?? UserCount(revision.AffectedUsersMax, $"{path}.affected_users_max")
                ?? Each(revision.Services, $"{path}.services", MaxListItems, CheckService)
                ?? (revision.Site is null ? null : CheckSite(revision.Site, $"{path}.site"))
                ?? Each(revision.Timeline, $"{path}.timeline", MaxSeriesPoints, CheckEvent)
                ?? (revision.SuspectedChange is null ? null : CheckSuspectedChange(revision.SuspectedChange, $"{path}.suspected_change"));
        }

        private string? CheckIncidentId(string id, string path)
        {
            if (id.Length == 0)
            {
                return $"{path} is required";
            }

            if (id.Length > MaxIncidentIdLength)
            {
                return $"{path} is {id.Length} characters long; at most {MaxIncidentIdLength}";
            }

            if (id.All(c => c == '.'))
            {
                // "." and ".." name a directory, not an incident: no page, file or action could reach them.
                return $"{path} '{id}' is only dots; an id needs a letter or digit";
            }

            foreach (var c in id)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or ':' or '-'))
                {
                    return $"{path} '{id}' contains '{c}'; only letters, digits and . _ : - are allowed";
                }
            }

            return null;
        }

        private string? CheckRootCause(Finding? rootCause, string path)
        {
            if (rootCause is null)
            {
                return $"{path} is required (the estimated cause, with entity and kind)";
            }

            return Required(rootCause.Entity, $"{path}.entity")
                ?? Required(rootCause.Kind, $"{path}.kind")
                ?? CheckFinding(rootCause, path);
        }

        private string? CheckFinding(Finding finding, string path)
        {
            return Text(finding.Entity, $"{path}.entity")
                ?? Text(finding.EntityType, $"{path}.entity_type")
                ?? Text(finding.Kind, $"{path}.kind")
                ?? Text(finding.Rule, $"{path}.rule")
                ?? KnownEnum(finding.Severity, $"{path}.severity")
                ?? Text(finding.Explanation, $"{path}.explanation")
                ?? OptionalTime(finding.FirstSeen, $"{path}.first_seen")
                ?? OptionalTime(finding.LastSeen, $"{path}.last_seen")
                ?? Each(finding.Evidence, $"{path}.evidence", MaxListItems, CheckEvidence)
                ?? Text(finding.Lesson, $"{path}.lesson")
                ?? Text(finding.Scope, $"{path}.scope")
                ?? (finding.Message is null ? null : CheckMessage(finding.Message, $"{path}.message"));
        }

        // A message the collector cannot write falls back to the explanation; what is refused
        // here is what would be wrong in any collector: no id, an argument with no value or no
        // name, a figure that is not a number.
        private string? CheckMessage(FindingMessage message, string path) => CheckMessage(message, path, part: false);

        private string? CheckMessage(FindingMessage message, string path, bool part)
        {
            return Required(message.Id, $"{path}.id")
                ?? Each(message.Arguments, $"{path}.arguments", MaxMessageArguments, (argument, at) => CheckArgument(argument, at, part));
        }

        private string? CheckArgument(MessageArgument argument, string path, bool part)
        {
            var problem = Required(argument.Name, $"{path}.name");
            if (problem is not null)
            {
                return problem;
            }

            return argument.ValueCase switch
            {
                MessageArgument.ValueOneofCase.None => $"{path} has no value (one of entity, entities, term, text, time, duration_seconds, percent, count, number, bytes, ratio, parts)",
                MessageArgument.ValueOneofCase.Entity => CheckNamedEntity(argument.Entity, $"{path}.entity"),
                MessageArgument.ValueOneofCase.Entities => Each(argument.Entities.Items, $"{path}.entities.items", MaxListItems, CheckNamedEntity),
                MessageArgument.ValueOneofCase.Term => Text(argument.Term, $"{path}.term"),
                MessageArgument.ValueOneofCase.Text => Text(argument.Text, $"{path}.text"),
                MessageArgument.ValueOneofCase.Time => RequiredTime(argument.Time, $"{path}.time"),
                MessageArgument.ValueOneofCase.DurationSeconds => Figure(argument.DurationSeconds, $"{path}.duration_seconds"),
                MessageArgument.ValueOneofCase.Percent => Figure(argument.Percent, $"{path}.percent"),
                MessageArgument.ValueOneofCase.Count => Figure(argument.Count, $"{path}.count"),
                MessageArgument.ValueOneofCase.Number => Figure(argument.Number, $"{path}.number"),
                MessageArgument.ValueOneofCase.Bytes => Figure(argument.Bytes, $"{path}.bytes"),
                MessageArgument.ValueOneofCase.Ratio => Figure(argument.Ratio, $"{path}.ratio"),
                MessageArgument.ValueOneofCase.Parts when part => $"{path}.parts is inside a part: a part of a sentence has no parts of its own",
                MessageArgument.ValueOneofCase.Parts => Each(argument.Parts.Items, $"{path}.parts.items", MaxListItems, (item, at) => CheckMessage(item, at, part: true)),
                _ => null,
            };
        }

        private string? CheckNamedEntity(NamedEntity entity, string path)
        {
            return Required(entity.Id, $"{path}.id")
                ?? Text(entity.Type, $"{path}.type")
                ?? Text(entity.Name, $"{path}.name");
        }

        private static string? Figure(double value, string path) =>
            double.IsFinite(value) ? null : $"{path} is {value}, not a finite number";

        private string? CheckEvidence(EvidenceSample sample, string path)
        {
            return OptionalTime(sample.Time, $"{path}.time")
                ?? Text(sample.Entity, $"{path}.entity")
                ?? Text(sample.Metric, $"{path}.metric");
        }

        private string? CheckLink(CausalLink link, string path)
        {
            return Text(link.FromEntity, $"{path}.from_entity")
                ?? Text(link.ToEntity, $"{path}.to_entity")
                ?? Text(link.Relation, $"{path}.relation")
                ?? Text(link.ObservedKind, $"{path}.observed_kind")
                ?? Each(link.ObservedKinds, $"{path}.observed_kinds", MaxListItems, Text);
        }

        private string? CheckAffectedUsers(AffectedUsers users, string path)
        {
            return Text(users.PopulationKey, $"{path}.population_key")
                ?? UserCount(users.Count, $"{path}.count")
                ?? KnownEnum(users.Basis, $"{path}.basis")
                ?? UserCount(users.TotalContracts, $"{path}.total_contracts");
        }

        private string? CheckPoint(AffectedUsersPoint point, string path)
        {
            return RequiredTime(point.Time, $"{path}.time")
                ?? UserCount(point.Count, $"{path}.count");
        }

        private string? CheckService(ServiceImpact service, string path)
        {
            return Text(service.Service, $"{path}.service")
                ?? Text(service.Function, $"{path}.function")
                ?? KnownEnum(service.Impact, $"{path}.impact")
                ?? (service.Category is < 0 or > 5
                    ? $"{path}.category must be 0 (not known) or a regulatory category 1 to 5 (got {service.Category})"
                    : null)
                ?? Text(service.DisplayName, $"{path}.display_name");
        }

        private string? CheckSite(SiteContext site, string path)
        {
            return Text(site.Site, $"{path}.site")
                ?? Text(site.Location, $"{path}.location")
                ?? Text(site.Area, $"{path}.area")
                ?? Each(site.Devices, $"{path}.devices", MaxListItems, CheckDevice)

                // Only the string limit: a zone this collector does not know is dropped, not refused (SiteZoneFilter).
                ?? Text(site.TimeZone, $"{path}.time_zone")
                ?? Each(site.Paths, $"{path}.paths", MaxListItems, CheckPath)
                ?? Each(site.Services, $"{path}.services", MaxListItems, CheckSiteService);
        }

        private string? CheckPath(SitePath sitePath, string path)
        {
            return Text(sitePath.Entity, $"{path}.entity")
                ?? Text(sitePath.Host, $"{path}.host")
                ?? Text(sitePath.HbaPort, $"{path}.hba_port")
                ?? Text(sitePath.Controller, $"{path}.controller")
                ?? Text(sitePath.Volume, $"{path}.volume");
        }

        private string? CheckSiteService(SiteService service, string path)
        {
            return Text(service.Service, $"{path}.service")
                ?? Text(service.DisplayName, $"{path}.display_name")
                ?? Each(service.Hosts, $"{path}.hosts", MaxListItems, Text)
                ?? Each(service.Volumes, $"{path}.volumes", MaxListItems, Text)
                ?? Each(service.Functions, $"{path}.functions", MaxListItems, Text);
        }

        private string? CheckDevice(Device device, string path)
        {
            return Text(device.Entity, $"{path}.entity")
                ?? Text(device.EntityType, $"{path}.entity_type")
                ?? Text(device.Role, $"{path}.role");
        }

        private string? CheckEvent(TimelineEvent timelineEvent, string path)
        {
            return RequiredTime(timelineEvent.Time, $"{path}.time")
                ?? KnownEnum(timelineEvent.Kind, $"{path}.kind")
                ?? Text(timelineEvent.Text, $"{path}.text")
                ?? Text(timelineEvent.Entity, $"{path}.entity");
        }

        private string? CheckSuspectedChange(TimelineEvent change, string path)
        {
            return OptionalTime(change.Time, $"{path}.time")
                ?? KnownEnum(change.Kind, $"{path}.kind")
                ?? Text(change.Text, $"{path}.text")
                ?? Text(change.Entity, $"{path}.entity");
        }

        private string? Each<T>(RepeatedField<T> items, string path, int max, Func<T, string, string?> check)
        {
            var problem = CheckCount(items.Count, path, max);
            for (var index = 0; problem is null && index < items.Count; index++)
            {
                problem = check(items[index], $"{path}[{index}]");
            }

            return problem;
        }

        private string? CheckCount(int count, string path, int max) =>
            count > max ? $"{path} has {count} entries; at most {max}" : null;

        private string? Required(string value, string path) =>
            value.Length == 0 ? $"{path} is required" : Text(value, path);

        private string? Text(string value, string path)
        {
            // Cheap bound first: a string of at most a third as many chars always fits.
            if (value.Length <= maxStringLength / 3)
            {
                return null;
            }

            var bytes = Encoding.UTF8.GetByteCount(value);
            return bytes > maxStringLength ? $"{path} is {bytes} bytes long; at most {maxStringLength} (Collector:Limits:MaxStringLength)" : null;
        }

        private string? NotNegative(long value, string path) =>
            value < 0 ? $"{path} must not be negative (got {value})" : null;

        private string? UserCount(long value, string path) =>
            NotNegative(value, path)
            ?? (value > MaxUserCount ? $"{path} is {value}; at most {MaxUserCount} (more people than any operator serves)" : null);

        private string? RequiredEnum<TEnum>(TEnum value, string path)
            where TEnum : struct, System.Enum
        {
            if (Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return $"{path} is required";
            }

            return KnownEnum(value, path);
        }

        // Protobuf keeps numbers it has no name for; a value without a name is one this collector
        // does not understand, and guessing its meaning is worse than refusing it.
        private string? KnownEnum<TEnum>(TEnum value, string path)
            where TEnum : struct, System.Enum =>
            System.Enum.IsDefined(value)
                ? null
                : $"{path} has the value {Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)}, which this collector does not know";

        private string? RequiredTime(Timestamp? time, string path) =>
            time is null ? $"{path} is required" : OptionalTime(time, path);

        private string? OptionalTime(Timestamp? time, string path)
        {
            if (time is null)
            {
                return null;
            }

            // The range of google.protobuf.Timestamp: 0001-01-01 to 9999-12-31, nanos within a second.
            const long minSeconds = -62_135_596_800;
            const long maxSeconds = 253_402_300_799;
            if (time.Seconds is < minSeconds or > maxSeconds || time.Nanos is < 0 or > 999_999_999)
            {
                return $"{path} is not a valid timestamp (seconds {time.Seconds}, nanos {time.Nanos})";
            }

            // A valid timestamp at the ends of its range (0001-01-01, 9999-12-31) overflowed the
            // merge window's arithmetic in the store and failed the whole push as an internal error.
            var at = time.ToDateTimeOffset();
            return at < EarliestTime || at > LatestTime
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{path} is {at:yyyy-MM-ddTHH:mm:ssZ}; expected between {EarliestTime:yyyy-MM-dd} and {LatestTime:yyyy-MM-dd} (the agent's clock is wrong)")
                : null;
        }
    }
}

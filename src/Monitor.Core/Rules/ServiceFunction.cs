using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>A function of a service, e.g. POP3, and its entity id.</summary>
/// <param name="Service">The service.</param>
/// <param name="Function">The function, as the topology names it ("pop3").</param>
/// <param name="Entity">Its entity id, <see cref="MailService.FunctionId"/>.</param>
internal sealed record ServiceFunction(MailService Service, string Function, string Entity);

using Monitor.Collector.Regulation;
using Monitor.Collector.Reports;
using Monitor.Collector.Store;

namespace Monitor.Collector.Web;

/// <summary>The JSON export of a merged incident: the facts a program needs, and the report as structure.</summary>
/// <param name="IncidentId">The merged incident's id.</param>
/// <param name="Site">The site.</param>
/// <param name="AgentIncidents">The ids of the agent incidents merged into it.</param>
/// <param name="Classification">The regulator's view.</param>
/// <param name="Deadlines">The deadlines.</param>
/// <param name="Actions">On-call actions, oldest first.</param>
/// <param name="Report">The draft report.</param>
public sealed record ReportExport(
    string IncidentId,
    string Site,
    IReadOnlyList<string> AgentIncidents,
    Classification Classification,
    IReadOnlyList<Deadline> Deadlines,
    IReadOnlyList<OperatorAction> Actions,
    ReportDocument Report);

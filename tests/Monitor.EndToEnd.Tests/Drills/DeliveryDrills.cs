namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>
/// The delivery drills run one after another and alone: they kill processes at chosen points and
/// time how long draining takes, which a machine busy with other tests would blur.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeliveryDrills
{
    public const string Name = "Delivery drills";
}

namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>A fresh folder under the system's temp folder for one drill, removed afterwards.</summary>
internal sealed class DrillDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "monitor-drill-" + Guid.NewGuid().ToString("N"));

    public DrillDirectory() => Directory.CreateDirectory(Path);

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

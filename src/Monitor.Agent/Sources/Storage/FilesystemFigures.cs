namespace Monitor.Agent.Sources.Storage;

/// <summary>A filesystem's capacity, as statvfs gives it.</summary>
/// <param name="SizeBytes">f_blocks × f_frsize.</param>
/// <param name="FreeBytes">f_bfree × f_frsize: root's reserve included.</param>
/// <param name="AvailBytes">f_bavail × f_frsize: what an unprivileged writer can use.</param>
/// <param name="Files">f_files: 0 when the filesystem has no fixed number.</param>
/// <param name="FilesFree">f_ffree.</param>
internal readonly record struct FilesystemFigures(ulong SizeBytes, ulong FreeBytes, ulong AvailBytes, ulong Files, ulong FilesFree);

namespace Atmo.Collector.Status;

/// <param name="Path">BlueZ object path, null while none is selected.</param>
public sealed record AdapterState(string? Path, bool Present, bool Powered, bool Scanning, bool PausedForConnection);

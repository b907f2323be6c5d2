namespace Atmo.Core.Operations;

/// <summary>The names of the built-in checks.</summary>
public static class ReadinessChecks
{
    public const string Database = "database";
    public const string Bluetooth = "bluetooth";
    public const string Clock = "clock";
    public const string CloudSync = "cloud_sync";
}

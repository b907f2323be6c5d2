namespace Atmo.Ble.BlueZ;

/// <summary>How the gateway talks to bluetoothd.</summary>
public sealed class BlueZClientOptions
{
    /// <summary>
    /// D-Bus address. Default null: <c>DBUS_SYSTEM_BUS_ADDRESS</c> when set, else
    /// <c>unix:path=/var/run/dbus/system_bus_socket</c>.
    /// </summary>
    public string? BusAddress { get; set; }

    /// <summary>Longest wait for an ordinary BlueZ call (properties, discovery, GATT). Default 10 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for Device1.Connect (BlueZ's own LE page timeout is longer). Default 30 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The bus address these options resolve to.</summary>
    public string ResolveBusAddress()
    {
        if (!string.IsNullOrWhiteSpace(BusAddress))
            return BusAddress;
        string? fromEnvironment = Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS");
        return string.IsNullOrWhiteSpace(fromEnvironment) ? "unix:path=/var/run/dbus/system_bus_socket" : fromEnvironment;
    }
}

namespace Atmo.Ble.BlueZ;

/// <summary>BlueZ appeared or vanished (bluetoothd started, stopped or restarted).</summary>
public sealed class BlueZAvailabilityEventArgs(bool available) : EventArgs
{
    public bool Available { get; } = available;
}

namespace Atmo.Ble.BlueZ;

public sealed class BlueZAdapterEventArgs(BlueZAdapterInfo adapter) : EventArgs
{
    public BlueZAdapterInfo Adapter { get; } = adapter;
}

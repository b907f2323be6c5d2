using Atmo.Core;

namespace Atmo.Sync;

/// <summary>The configured devices (from the gateway's configuration); stored devices are added by the pass.</summary>
public sealed class SyncDevices(Func<IEnumerable<MacAddress>> configured)
{
    public static SyncDevices None { get; } = new(() => []);

    public IEnumerable<MacAddress> Configured() => configured();
}

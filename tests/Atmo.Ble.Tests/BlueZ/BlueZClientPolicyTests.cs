using Atmo.Ble.BlueZ;
using Atmo.Simulator.Bus;
using Atmo.Testing;

namespace Atmo.Ble.Tests.BlueZ;

public class BlueZClientPolicyTests
{
    [Fact]
    public async Task D_Bus_policy_refusal_is_AccessDenied_with_bluetooth_group_advice()
    {
        await using PrivateDbusDaemon bus = await PrivateDbusDaemon.StartAsync(denyCallsToBlueZ: true);
        await using var emulator = await Atmo.Simulator.BlueZ.BlueZEmulator.StartAsync(bus.Address, EmulatedBlueZ.FastOptions());

        var e = await Assert.ThrowsAsync<BlueZException>(() => BlueZClient.ConnectAsync(new BlueZClientOptions { BusAddress = bus.Address }));

        Assert.Equal(BlueZErrorKind.AccessDenied, e.Kind);
        Assert.Equal("org.freedesktop.DBus.Error.AccessDenied", e.DBusErrorName);
        Assert.Contains("'bluetooth' group", e.Message, StringComparison.Ordinal);
    }
}

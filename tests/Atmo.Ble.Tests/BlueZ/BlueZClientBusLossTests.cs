using Atmo.Ble.BlueZ;
using Atmo.Ble.Tests.Devices;
using Atmo.Testing;

namespace Atmo.Ble.Tests.BlueZ;

public class BlueZClientBusLossTests
{
    [Fact]
    public async Task Losing_the_bus_completes_BusDisconnected_and_marks_BlueZ_unavailable()
    {
        EmulatedBlueZ bluez = await EmulatedBlueZ.StartAsync();
        await using BlueZClient client = await BlueZClient.ConnectAsync(TestWorld.ClientOptions(bluez));
        Assert.True(client.IsAvailable);

        await bluez.DisposeAsync(); // kills the private dbus-daemon

        await client.BusDisconnected.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(client.IsAvailable);
        var e = await Assert.ThrowsAsync<BlueZException>(() => client.StartDiscoveryAsync("/org/bluez/hci0", Wait.Timeout()));
        Assert.Equal(BlueZErrorKind.BusUnavailable, e.Kind);
    }
}

using System.Buffers.Binary;
using Atmo.Ble.Devices;
using Atmo.Ble.Protocol;

namespace Atmo.Ble.Tests.Devices;

public class AtmotubeConnectionTests
{
    [Fact]
    public async Task ReadLive_returns_the_four_characteristics_little_endian()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        var unit = world.BlueZ.Emulator.Units[0];
        await using AtmotubeConnection connection = await world.Central.ConnectAsync(unit.Address, Wait.Timeout());

        IReadOnlyDictionary<string, byte[]> live = await connection.ReadLiveAsync(Wait.Timeout());

        Assert.Equal(4, live[AtmotubeUuids.Voc].Length);
        Assert.Equal(8, live[AtmotubeUuids.Bme280].Length);
        Assert.Equal(2, live[AtmotubeUuids.Status].Length);
        Assert.Equal(12, live[AtmotubeUuids.Pm].Length);
        int pressurePa = (int)BinaryPrimitives.ReadUInt32LittleEndian(live[AtmotubeUuids.Bme280].AsSpan(2));
        Assert.InRange(pressurePa, 95_000, 105_000);
        Assert.Equal(0x41, live[AtmotubeUuids.Status][0]);
    }

    [Fact]
    public async Task Live_notifications_arrive_until_the_stream_is_disposed()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        var unit = world.BlueZ.Emulator.Units[0];
        await using AtmotubeConnection connection = await world.Central.ConnectAsync(unit.Address, Wait.Timeout());

        var received = new HashSet<string>();
        await using (LiveNotificationStream stream = await connection.SubscribeLiveAsync(Wait.Timeout()))
        {
            CancellationToken timeout = Wait.Timeout(5);
            while (received.Count < 4)
                received.Add((await stream.Reader.ReadAsync(timeout)).Uuid);
        }

        Assert.Equal(AtmotubeConnection.LiveCharacteristics.Order(), received.Order());
        Assert.All(connection.Characteristics.Where(c => AtmotubeConnection.LiveCharacteristics.Contains(c.Uuid)), c => Assert.False(c.Notifying));
    }
}

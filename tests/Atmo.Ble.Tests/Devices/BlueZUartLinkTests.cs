using System.Buffers.Binary;
using Atmo.Ble.Devices;
using Atmo.Ble.Protocol;
using Atmo.Testing;

namespace Atmo.Ble.Tests.Devices;

public class BlueZUartLinkTests
{
    [Fact]
    public async Task Uart_link_subscribes_first_then_writes_HST_and_receives_HOK_HT_HD()
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(initialRecords: 20));
        var unit = world.BlueZ.Emulator.Units[0];
        await using AtmotubeConnection connection = await world.Central.ConnectAsync(unit.Address, Wait.Timeout());
        await using BlueZUartLink link = await connection.OpenUartAsync(Wait.Timeout());

        uint now = (uint)world.Clock.GetUtcNow().ToUnixTimeSeconds();
        await link.WriteAsync(Command("HST", now), Wait.Timeout());
        CancellationToken timeout = Wait.Timeout(5);
        byte[] reply = await link.Notifications.ReadAsync(timeout);
        byte[] header = await link.Notifications.ReadAsync(timeout);
        byte[] data = await link.Notifications.ReadAsync(timeout);
        byte[] data2 = await link.Notifications.ReadAsync(timeout);

        Assert.Equal("HO"u8.ToArray(), reply[..2]);
        Assert.Equal("HT"u8.ToArray(), header[..2]);
        Assert.Equal(20, header[7]);
        Assert.Equal(16, header[8]);
        Assert.Equal(now - 20 * 60, BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(3)));
        Assert.Equal(4 + 15 * 16, data.Length); // MTU 247 → 15 records per HD
        Assert.Equal(15, data[3]);
        Assert.Equal(20, data2[3]);

        await link.WriteAsync(Command("HOK", now), Wait.Timeout());
        await Wait.UntilAsync(() => unit.Memory.Records.All(r => r.Synced), "all 20 records synced after HOK");
        Assert.Equal(["command", "command"], unit.UartWriteTypes); // Flags contain write-without-response
    }

    [Fact]
    public async Task Uart_at_mtu_23_carries_one_record_per_HD_and_without_ack_the_batch_is_resent()
    {
        var options = EmulatedBlueZ.FastOptions(mtu: 23, initialRecords: 3);
        options.AckTimeout = TimeSpan.FromSeconds(1);
        await using TestWorld world = await TestWorld.StartAsync(options);
        var unit = world.BlueZ.Emulator.Units[0];
        await using AtmotubeConnection connection = await world.Central.ConnectAsync(unit.Address, Wait.Timeout());
        await using BlueZUartLink link = await connection.OpenUartAsync(Wait.Timeout());
        Assert.Equal(23, link.Mtu);

        await link.WriteAsync(Command("HST", (uint)world.Clock.GetUtcNow().ToUnixTimeSeconds()), Wait.Timeout());
        CancellationToken timeout = Wait.Timeout(8);
        var packets = new List<byte[]>();
        while (packets.Count < 1 + 2 * 4) // HOK, then (HT + 3 HD) twice: the resend after the ack timeout
            packets.Add(await link.Notifications.ReadAsync(timeout));

        Assert.All(packets.Skip(1).Where(p => p[1] == (byte)'D'), p => Assert.Equal(20, p.Length));
        Assert.Equal(packets[1], packets[5]); // same HT again: same first time, same count
        Assert.Equal(1, unit.Resends);
        Assert.All(unit.Memory.Records, r => Assert.False(r.Synced));
    }

    [Fact]
    public async Task Dropped_link_completes_the_notification_channel_with_LinkLostException()
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(mtu: 23, initialRecords: 30));
        var unit = world.BlueZ.Emulator.Units[0];
        unit.DropLinkAfterPackets = 5;
        await using AtmotubeConnection connection = await world.Central.ConnectAsync(unit.Address, Wait.Timeout());
        await using BlueZUartLink link = await connection.OpenUartAsync(Wait.Timeout());

        await link.WriteAsync(Command("HST", (uint)world.Clock.GetUtcNow().ToUnixTimeSeconds()), Wait.Timeout());
        CancellationToken timeout = Wait.Timeout(5);
        int packets = 0;
        var e = await Assert.ThrowsAsync<LinkLostException>(async () =>
        {
            while (await link.Notifications.WaitToReadAsync(timeout))
            {
                while (link.Notifications.TryRead(out _))
                    packets++;
            }
        });

        Assert.Equal(1 + 5, packets); // HOK + 5 history packets, then the link dropped
        Assert.Contains("Link lost", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LinkLostException>(() => link.WriteAsync(Command("HOK", 0), Wait.Timeout()).AsTask());
        Assert.All(unit.Memory.Records, r => Assert.False(r.Synced));
    }

    [Fact]
    public async Task Without_write_without_response_in_Flags_writes_are_requests()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        var unit = world.BlueZ.Emulator.Units[0];
        unit.UartWriteWithoutResponse = false;
        await using AtmotubeConnection connection = await world.Central.ConnectAsync(unit.Address, Wait.Timeout());
        await using BlueZUartLink link = await connection.OpenUartAsync(Wait.Timeout());

        await link.WriteAsync(Command("HST", (uint)world.Clock.GetUtcNow().ToUnixTimeSeconds()), Wait.Timeout());

        Assert.Equal(["request"], unit.UartWriteTypes);
        Assert.DoesNotContain("write-without-response", connection.Characteristics.Single(c => c.Uuid == AtmotubeUuids.UartWrite).Flags);
    }

    internal static byte[] Command(string tag, uint unixTime)
    {
        var b = new byte[7];
        System.Text.Encoding.ASCII.GetBytes(tag).CopyTo(b, 0);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(3), unixTime);
        return b;
    }
}

using System.Buffers.Binary;
using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Ble.Protocol;
using Atmo.Testing;

namespace Atmo.Ble.Tests.Devices;

public class AtmotubeConnectionTests
{
    [Fact]
    public async Task Connect_scans_when_BlueZ_does_not_know_the_device_then_resolves_services()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        var unit = world.BlueZ.Emulator.Units[0];
        Assert.Empty(world.Client.GetDevices());

        await using (AtmotubeConnection connection = await world.Central.ConnectAsync(unit.Address, Wait.Timeout()))
        {
            Assert.True(connection.IsConnected);
            Assert.True(unit.Connected);
            Assert.Equal(247, connection.Mtu);
            var uuids = connection.Characteristics.Select(c => c.Uuid).ToList();
            Assert.Contains(AtmotubeUuids.UartWrite, uuids);
            Assert.Contains(AtmotubeUuids.UartNotify, uuids);
            Assert.All(AtmotubeConnection.LiveCharacteristics, u => Assert.Contains(u, uuids));
            Assert.False(world.Central.IsScanning); // the temporary scan was stopped again
        }

        Assert.False(unit.Connected);
        await Wait.UntilAsync(() => world.Client.GetCharacteristics(world.Central.DevicePath(unit.Address)).Count == 0, "GATT objects removed after disconnect");
    }

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

    [Fact]
    public async Task Uart_link_subscribes_first_then_writes_HST_and_receives_HOK_HT_HD()
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(initialRecords: 20));
        var unit = world.BlueZ.Emulator.Units[0];
        await using AtmotubeConnection connection = await world.Central.ConnectAsync(unit.Address, Wait.Timeout());
        await using BlueZUartLink link = await connection.OpenUartAsync(Wait.Timeout());

        uint now = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
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
    }

    [Fact]
    public async Task Uart_at_mtu_23_carries_one_record_per_HD_and_without_ack_the_batch_is_resent()
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(mtu: 23, initialRecords: 3));
        var unit = world.BlueZ.Emulator.Units[0];
        await using AtmotubeConnection connection = await world.Central.ConnectAsync(unit.Address, Wait.Timeout());
        await using BlueZUartLink link = await connection.OpenUartAsync(Wait.Timeout());
        Assert.Equal(23, link.Mtu);

        await link.WriteAsync(Command("HST", (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds()), Wait.Timeout());
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

        await link.WriteAsync(Command("HST", (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds()), Wait.Timeout());
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
    public async Task Connect_to_a_unit_held_by_a_phone_fails_after_retries_and_leaves_nothing_connected()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        var unit = world.BlueZ.Emulator.Units[0];
        await world.Central.StartScanningAsync(Wait.Timeout());
        await Wait.UntilAsync(() => world.Client.GetDevices().Count == 1, "device seen");
        unit.HeldByAnotherCentral = true;

        var e = await Assert.ThrowsAsync<BlueZException>(() => world.Central.ConnectAsync(unit.Address, Wait.Timeout()));

        Assert.Equal(BlueZErrorKind.Failed, e.Kind);
        Assert.Equal("le-connection-abort-by-local", e.Detail);
        Assert.False(unit.Connected);
    }

    [Fact]
    public async Task Unknown_device_is_DoesNotExist_after_the_brief_scan()
    {
        await using TestWorld world = await TestWorld.StartAsync(central: new AtmotubeCentralOptions { ScanBeforeConnectTimeout = TimeSpan.FromMilliseconds(300) });

        var e = await Assert.ThrowsAsync<BlueZException>(() => world.Central.ConnectAsync(Atmo.Core.MacAddress.Parse("C0:00:00:00:00:01"), Wait.Timeout()));

        Assert.Equal(BlueZErrorKind.DoesNotExist, e.Kind);
        Assert.False(world.Central.IsScanning);
    }

    [Fact]
    public async Task Two_devices_one_after_the_other()
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(devices: 2));
        await world.Central.StartScanningAsync(Wait.Timeout());
        await Wait.UntilAsync(() => world.Client.GetDevices().Count == 2, "both devices seen");

        foreach (var unit in world.BlueZ.Emulator.Units)
        {
            await using AtmotubeConnection connection = await world.Central.ConnectAsync(unit.Address, Wait.Timeout());
            Assert.True(unit.Connected);
            Assert.Single(world.BlueZ.Emulator.Units, u => u.Connected);
            Assert.Equal(4, (await connection.ReadLiveAsync(Wait.Timeout())).Count);
        }

        Assert.All(world.BlueZ.Emulator.Units, u => Assert.False(u.Connected));
    }

    [Fact]
    public async Task Cancelled_connect_still_disconnects()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        var unit = world.BlueZ.Emulator.Units[0];
        await world.Central.StartScanningAsync(Wait.Timeout());
        await Wait.UntilAsync(() => world.Client.GetDevices().Count == 1, "device seen");
        world.BlueZ.Emulator.Options.ConnectLatency = TimeSpan.FromMilliseconds(300);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => world.Central.ConnectAsync(unit.Address, cancel.Token));

        await Task.Delay(600);
        Assert.False(unit.Connected);
    }

    internal static byte[] Command(string tag, uint unixTime)
    {
        var b = new byte[7];
        System.Text.Encoding.ASCII.GetBytes(tag).CopyTo(b, 0);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(3), unixTime);
        return b;
    }
}

public class AtmotubeCentralUartSessionTests
{
    [Fact]
    public async Task WithUart_runs_the_session_then_disconnects_even_when_it_throws()
    {
        await using TestWorld world = await TestWorld.StartAsync();
        var unit = world.BlueZ.Emulator.Units[0];

        int mtu = await world.Central.WithUartAsync(unit.Address, (link, _) => Task.FromResult(link.Mtu ?? 0), Wait.Timeout());
        Assert.Equal(247, mtu);
        Assert.False(unit.Connected);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            world.Central.WithUartAsync<int>(unit.Address, (_, _) => throw new InvalidOperationException("session failed"), Wait.Timeout()));
        Assert.False(unit.Connected);
    }

    [Fact]
    public async Task A_unit_leaving_range_mid_session_is_a_lost_link_and_BlueZ_forgets_it()
    {
        await using TestWorld world = await TestWorld.StartAsync(EmulatedBlueZ.FastOptions(mtu: 23, initialRecords: 200));
        var unit = world.BlueZ.Emulator.Units[0];
        unit.NotificationDelay = TimeSpan.FromMilliseconds(5); // slow notifications

        await Assert.ThrowsAsync<LinkLostException>(() => world.Central.WithUartAsync(unit.Address, async (link, ct) =>
        {
            await link.WriteAsync(AtmotubeConnectionTests.Command("HST", (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds()), ct);
            int packets = 0;
            while (await link.Notifications.WaitToReadAsync(ct))
            {
                while (link.Notifications.TryRead(out _))
                {
                    if (++packets == 10)
                        world.BlueZ.Emulator.LeaveRange(unit.Address);
                }
            }

            return packets;
        }, Wait.Timeout()));

        Assert.False(unit.Connected);
        await Wait.UntilAsync(() => world.Client.GetDevices().Count == 0, "device object removed");
    }
}

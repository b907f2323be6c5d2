using System.Buffers.Binary;

namespace Atmo.Ble.Protocol;

/// <summary>
/// Host → device commands of the history protocol (§4.2): "HST" (request history) and "HOK" (acknowledge a
/// batch), each followed by the Unix time in seconds, big-endian. The device back-dates every record from the
/// HST time, so it must be a correct UTC time.
/// </summary>
public static class HistoryCommands
{
    public const int Length = 7;

    /// <summary>Writes HST + time into <paramref name="destination"/> (at least 7 bytes).</summary>
    public static void WriteRequest(Span<byte> destination, uint unixSeconds) => Write(destination, (byte)'S', (byte)'T', unixSeconds);

    /// <summary>Writes HOK + time into <paramref name="destination"/> (at least 7 bytes).</summary>
    public static void WriteAcknowledge(Span<byte> destination, uint unixSeconds) => Write(destination, (byte)'O', (byte)'K', unixSeconds);

    public static byte[] Request(DateTimeOffset now)
    {
        byte[] command = new byte[Length];
        WriteRequest(command, ToUnixSeconds(now));
        return command;
    }

    public static byte[] Acknowledge(DateTimeOffset now)
    {
        byte[] command = new byte[Length];
        WriteAcknowledge(command, ToUnixSeconds(now));
        return command;
    }

    /// <summary>Unix seconds as the device's u32; times before 1970 or after 2106 cannot be sent.</summary>
    public static uint ToUnixSeconds(DateTimeOffset time)
    {
        long seconds = time.ToUnixTimeSeconds();
        if (seconds is < 0 or > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(time), time, "The device time is an unsigned 32-bit Unix time.");
        return (uint)seconds;
    }

    private static void Write(Span<byte> destination, byte second, byte third, uint unixSeconds)
    {
        if (destination.Length < Length)
            throw new ArgumentException($"A history command needs {Length} bytes.", nameof(destination));
        destination[0] = (byte)'H';
        destination[1] = second;
        destination[2] = third;
        BinaryPrimitives.WriteUInt32BigEndian(destination[3..], unixSeconds);
    }
}

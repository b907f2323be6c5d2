namespace Atmo.Gateway.Data.Output;

/// <summary>The two time layouts of the contract, written as ASCII without culture or allocation.</summary>
public static class WireTime
{
    /// <summary>Length of <see cref="WriteJsonString"/>'s output: <c>"yyyy-MM-ddTHH:mm:ss.fffZ"</c> with quotes.</summary>
    public const int JsonStringLength = 26;

    /// <summary>Length of <see cref="WriteCsv"/>'s output: <c>yyyy/MM/dd HH:mm</c>.</summary>
    public const int CsvLength = 16;

    /// <summary>Writes <c>"yyyy-MM-ddTHH:mm:ss.fffZ"</c> including the JSON quotes.</summary>
    public static int WriteJsonString(DateTime time, Span<byte> destination)
    {
        DateTime utc = AsUtc(time);
        destination[0] = (byte)'"';
        WriteDigits(utc.Year, 4, destination[1..]);
        destination[5] = (byte)'-';
        WriteDigits(utc.Month, 2, destination[6..]);
        destination[8] = (byte)'-';
        WriteDigits(utc.Day, 2, destination[9..]);
        destination[11] = (byte)'T';
        WriteDigits(utc.Hour, 2, destination[12..]);
        destination[14] = (byte)':';
        WriteDigits(utc.Minute, 2, destination[15..]);
        destination[17] = (byte)':';
        WriteDigits(utc.Second, 2, destination[18..]);
        destination[20] = (byte)'.';
        WriteDigits(utc.Millisecond, 3, destination[21..]);
        destination[24] = (byte)'Z';
        destination[25] = (byte)'"';
        return JsonStringLength;
    }

    /// <summary>Writes <c>yyyy/MM/dd HH:mm</c> (UTC).</summary>
    public static int WriteCsv(DateTime time, Span<byte> destination)
    {
        DateTime utc = AsUtc(time);
        WriteDigits(utc.Year, 4, destination);
        destination[4] = (byte)'/';
        WriteDigits(utc.Month, 2, destination[5..]);
        destination[7] = (byte)'/';
        WriteDigits(utc.Day, 2, destination[8..]);
        destination[10] = (byte)' ';
        WriteDigits(utc.Hour, 2, destination[11..]);
        destination[13] = (byte)':';
        WriteDigits(utc.Minute, 2, destination[14..]);
        return CsvLength;
    }

    // Stored times are UTC; a Local one (a store that forgot to ask for UTC) is converted, not misread.
    private static DateTime AsUtc(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;

    private static void WriteDigits(int value, int width, Span<byte> destination)
    {
        for (int i = width - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}

using System.Globalization;
using Atmo.Gateway.Api;

namespace Atmo.Gateway.Data.Output;

/// <summary>
/// Numbers as both output formats write them: ASCII, <c>.</c> decimal point whatever the culture,
/// no trailing zeros (<c>28</c>, <c>953.2</c>, <c>1.241</c>). Rules: <see cref="ContractDecisions.VocDecimals"/>.
/// </summary>
public static class WireNumber
{
    /// <summary>Enough room for any double in shortest round-trip form ("-1.2345678901234567E-308").</summary>
    public const int MaxLength = 32;

    /// <summary>Pass as decimals to write a value as stored.</summary>
    public const int AsStored = -1;

    private static readonly long[] PowersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];

    // As-stored values with up to this many decimals take the integer path (sensor values, 7-decimal positions).
    private const int MaxPlainDecimals = 7;

    // Beyond this a scaled value may not be an exact integer in a double; use the general path.
    private const double ExactIntegerLimit = 1e15;

    /// <summary>Writes a finite <paramref name="value"/> into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes).</summary>
    /// <param name="decimals">Round to this many decimals (at most 7), or <see cref="AsStored"/>.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Write(double value, int decimals, Span<byte> destination)
    {
        if (decimals >= 0)
        {
            double scaled = Math.Round(value * PowersOfTen[decimals], ContractDecisions.Rounding);
            if (Math.Abs(scaled) < ExactIntegerLimit)
                return WriteFixedPoint((long)scaled, decimals, destination);
            value = Math.Round(value, decimals, ContractDecisions.Rounding);
        }

        // Fast path, same digits as the shortest round-trip form: the fewest decimals k for which
        // round(value·10^k) / 10^k reads back as exactly this double (the division of two exact
        // doubles is correctly rounded, so it equals parsing the decimal text).
        if (Math.Abs(value) < ExactIntegerLimit)
        {
            for (int k = 0; k <= MaxPlainDecimals; k++)
            {
                double units = Math.Round(value * PowersOfTen[k]);
                if (Math.Abs(units) >= ExactIntegerLimit)
                    break;
                if (units / PowersOfTen[k] == value)
                    return WriteFixedPoint((long)units, k, destination);
            }
        }

        value.TryFormat(destination, out int written, default, CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary><paramref name="units"/> × 10^−<paramref name="decimals"/>, trailing zeros dropped; zero (and −0) as "0".</summary>
    private static int WriteFixedPoint(long units, int decimals, Span<byte> destination)
    {
        int length = 0;
        if (units < 0)
        {
            destination[length++] = (byte)'-';
            units = -units;
        }

        long scale = PowersOfTen[decimals];
        long whole = Math.DivRem(units, scale, out long fraction);
        whole.TryFormat(destination[length..], out int written, default, CultureInfo.InvariantCulture);
        length += written;
        if (fraction == 0)
            return units == 0 ? WriteZero(destination) : length;

        int digits = decimals;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }

        destination[length++] = (byte)'.';
        for (int i = digits - 1; i >= 0; i--)
        {
            destination[length + i] = (byte)('0' + fraction % 10);
            fraction /= 10;
        }

        return length + digits;
    }

    private static int WriteZero(Span<byte> destination)
    {
        destination[0] = (byte)'0';
        return 1;
    }
}

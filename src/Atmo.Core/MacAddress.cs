using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Atmo.Core;

/// <summary>A Bluetooth device address (48 bits). Printed as <c>AA:BB:CC:DD:EE:FF</c>.</summary>
public readonly record struct MacAddress(ulong Value) : IComparable<MacAddress>
{
    private const ulong Mask = 0xFFFF_FFFF_FFFFUL;

    /// <summary>
    /// Accepts <c>AA:BB:CC:DD:EE:FF</c>, <c>AA-BB-CC-DD-EE-FF</c> and 12 bare hex digits, in any case.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out MacAddress address)
    {
        address = default;
        if (text is null)
            return false;
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        Span<char> hex = stackalloc char[12];
        if (s.Length == 12)
        {
            s.CopyTo(hex);
        }
        else if (s.Length == 17)
        {
            char separator = s[2];
            if (separator is not (':' or '-'))
                return false;
            for (int group = 0; group < 6; group++)
            {
                if (group < 5 && s[group * 3 + 2] != separator)
                    return false;
                hex[group * 2] = s[group * 3];
                hex[group * 2 + 1] = s[group * 3 + 1];
            }
        }
        else
        {
            return false;
        }

        if (!ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong value))
            return false;
        address = new MacAddress(value);
        return true;
    }

    public static MacAddress Parse(string text) =>
        TryParse(text, out MacAddress address)
            ? address
            : throw new FormatException($"'{text}' is not a Bluetooth address; expected AA:BB:CC:DD:EE:FF.");

    /// <summary>12 upper-case hex digits without separators, for file and collection names.</summary>
    public string ToCompactString() => (Value & Mask).ToString("X12", CultureInfo.InvariantCulture);

    public override string ToString()
    {
        string hex = ToCompactString();
        return string.Create(17, hex, static (span, h) =>
        {
            for (int group = 0; group < 6; group++)
            {
                span[group * 3] = h[group * 2];
                span[group * 3 + 1] = h[group * 2 + 1];
                if (group < 5)
                    span[group * 3 + 2] = ':';
            }
        });
    }

    public int CompareTo(MacAddress other) => Value.CompareTo(other.Value);
}

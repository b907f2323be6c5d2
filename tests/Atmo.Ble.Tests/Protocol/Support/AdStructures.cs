namespace Atmo.Ble.Tests.Protocol.Support;

/// <summary>
/// Splits raw advertising bytes (length, type, data)* the way the kernel and BlueZ do, to feed the documentation's
/// raw example (§8.1 A1) into the decoder through the same properties BlueZ would expose.
/// </summary>
public sealed record AdStructures(string? Name, IReadOnlyList<string> Uuids, IReadOnlyList<(ushort Company, byte[] Payload)> ManufacturerData)
{
    public static AdStructures Parse(byte[] raw)
    {
        string? name = null;
        var uuids = new List<string>();
        var manufacturer = new List<(ushort, byte[])>();
        for (int i = 0; i < raw.Length;)
        {
            int length = raw[i];
            if (length == 0)
                break;
            byte type = raw[i + 1];
            byte[] data = raw[(i + 2)..(i + 1 + length)];
            switch (type)
            {
                case 0x09:
                    name = System.Text.Encoding.ASCII.GetString(data);
                    break;
                case 0x07:
                    for (int u = 0; u + 16 <= data.Length; u += 16)
                        uuids.Add(Uuid128(data[u..(u + 16)]));
                    break;
                case 0xFF:
                    manufacturer.Add(((ushort)(data[0] | (data[1] << 8)), data[2..]));
                    break;
            }

            i += 1 + length;
        }

        return new AdStructures(name, uuids, manufacturer);
    }

    // 128-bit UUIDs travel little-endian: reverse, then format 8-4-4-4-12.
    private static string Uuid128(byte[] littleEndian)
    {
        string hex = Convert.ToHexString(littleEndian.Reverse().ToArray()).ToLowerInvariant();
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}

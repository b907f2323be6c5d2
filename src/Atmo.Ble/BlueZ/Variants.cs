using Atmo.Core;
using Tmds.DBus.Protocol;

namespace Atmo.Ble.BlueZ;

/// <summary>Typed reads of BlueZ properties that tolerate absent or oddly typed values.</summary>
internal static class Variants
{
    public static VariantValue Unwrap(VariantValue v)
    {
        while (v.Type == VariantValueType.Variant)
            v = v.GetVariantValue();
        return v;
    }

    public static string? String(IReadOnlyDictionary<string, VariantValue> p, string name) =>
        p.TryGetValue(name, out VariantValue v) && Unwrap(v) is { Type: VariantValueType.String or VariantValueType.ObjectPath } s
            ? (s.Type == VariantValueType.String ? s.GetString() : s.GetObjectPathAsString())
            : null;

    public static bool Bool(IReadOnlyDictionary<string, VariantValue> p, string name) =>
        p.TryGetValue(name, out VariantValue v) && Unwrap(v) is { Type: VariantValueType.Bool } b && b.GetBool();

    public static short? Int16(IReadOnlyDictionary<string, VariantValue> p, string name) =>
        p.TryGetValue(name, out VariantValue v) && Unwrap(v) is { Type: VariantValueType.Int16 } n ? n.GetInt16() : null;

    public static int? UInt16(IReadOnlyDictionary<string, VariantValue> p, string name) =>
        p.TryGetValue(name, out VariantValue v) && Unwrap(v) is { Type: VariantValueType.UInt16 } n ? n.GetUInt16() : null;

    public static string[] Strings(IReadOnlyDictionary<string, VariantValue> p, string name) =>
        p.TryGetValue(name, out VariantValue v) && Unwrap(v) is { Type: VariantValueType.Array } a ? a.GetArray<string>() : [];

    public static byte[]? Bytes(IReadOnlyDictionary<string, VariantValue> p, string name) =>
        p.TryGetValue(name, out VariantValue v) ? Bytes(v) : null;

    public static byte[]? Bytes(VariantValue v) =>
        Unwrap(v) is { Type: VariantValueType.Array } a ? a.GetArray<byte>() : null;

    /// <summary>ManufacturerData a{qv}: company id → payload bytes.</summary>
    public static Dictionary<ushort, byte[]> ManufacturerData(IReadOnlyDictionary<string, VariantValue> p)
    {
        var result = new Dictionary<ushort, byte[]>();
        if (!p.TryGetValue("ManufacturerData", out VariantValue v) || Unwrap(v) is not { Type: VariantValueType.Dictionary } dict)
            return result;
        for (int i = 0; i < dict.Count; i++)
        {
            KeyValuePair<VariantValue, VariantValue> entry = dict.GetDictionaryEntry(i);
            if (Unwrap(entry.Key) is { Type: VariantValueType.UInt16 } key && Bytes(entry.Value) is byte[] bytes)
                result[key.GetUInt16()] = bytes;
        }

        return result;
    }

    public static BlueZDeviceInfo? Device(string path, IReadOnlyDictionary<string, VariantValue> p)
    {
        if (!MacAddress.TryParse(String(p, "Address"), out MacAddress address))
            return null;
        return new BlueZDeviceInfo(
            path,
            String(p, "Adapter"),
            address,
            String(p, "AddressType"),
            String(p, "Name"),
            String(p, "Alias"),
            Strings(p, "UUIDs"),
            ManufacturerData(p),
            Int16(p, "RSSI"),
            Bool(p, "Connected"),
            Bool(p, "ServicesResolved"));
    }
}

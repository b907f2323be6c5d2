namespace Atmo.Ble.Devices;

/// <summary>One live GATT notification (or read) of a characteristic, raw little-endian bytes (§1.3).</summary>
public sealed record GattNotification(string Uuid, byte[] Value, DateTimeOffset Time);

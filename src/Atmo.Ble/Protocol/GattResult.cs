namespace Atmo.Ble.Protocol;

/// <summary>
/// The outcome of decoding one characteristic value: the reading, or "unknown length N" for the caller to log.
/// Decoders never throw on device data.
/// </summary>
public readonly record struct GattResult<T>(bool IsDecoded, T Value, int Length)
    where T : struct
{
    public static GattResult<T> Decoded(T value, int length) => new(true, value, length);

    public static GattResult<T> UnknownLength(int length) => new(false, default, length);

    /// <summary>For a log line; null when decoded.</summary>
    public string? Problem => IsDecoded ? null : $"unknown length {Length}";
}

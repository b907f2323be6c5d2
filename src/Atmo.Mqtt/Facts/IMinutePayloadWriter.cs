using Atmo.Core;

namespace Atmo.Mqtt.Facts;

/// <summary>
/// Writes one minute as the payload of the minute stream and of the state topic: <c>{"mac":…}</c> followed by the
/// item exactly as <c>GET /api/v1/data</c> writes it (values, precision, coords) and its <c>source</c>. The gateway
/// implements it with its own JSON writer, so the two can never differ.
/// </summary>
public interface IMinutePayloadWriter
{
    /// <summary>The longest payload in bytes.</summary>
    int MaxLength { get; }

    /// <returns>The bytes written into <paramref name="destination"/>.</returns>
    int Write(MacAddress device, in StoredMinute minute, Span<byte> destination);
}

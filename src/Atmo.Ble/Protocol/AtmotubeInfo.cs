namespace Atmo.Ble.Protocol;

/// <summary>
/// The info byte of PLUS/PRO firmware (advertising base byte 10, GATT Status byte 0), protocol document §1.5.
/// Bits 0x20 and 0x80 are reserved on the PRO and kept as they came.
/// </summary>
[Flags]
public enum AtmotubeInfo : byte
{
    None = 0,

    /// <summary>PM sensor on. When clear, the PM fields hold the off sentinel.</summary>
    PmOn = 0x01,

    /// <summary>The device reports an error.</summary>
    Error = 0x02,

    /// <summary>The device is bonded (probably to the phone app).</summary>
    Bonded = 0x04,

    /// <summary>Charging. (The official MQTT example uses 0x10; the documentation and Atmotube's library use 0x08.)</summary>
    Charging = 0x08,

    /// <summary>USB power was removed less than 30 min ago: T/RH may still read warm.</summary>
    ChargingTimer = 0x10,

    /// <summary>Reserved on the PRO (older models: "not activated").</summary>
    Reserved20 = 0x20,

    /// <summary>SGPC3 pre-heating finished: VOC is valid. When clear, ignore VOC.</summary>
    VocReady = 0x40,

    /// <summary>Reserved on the PRO (older models: 30 s measurement mode).</summary>
    Reserved80 = 0x80,
}

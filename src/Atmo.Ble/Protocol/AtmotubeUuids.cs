namespace Atmo.Ble.Protocol;

/// <summary>Service and characteristic UUIDs of the Atmotube PRO (protocol document §1.1, §1.2), lower case as BlueZ reports them.</summary>
public static class AtmotubeUuids
{
    /// <summary>Custom Atmotube PRO service; advertised in the scan response.</summary>
    public const string Service = "db450001-8e9a-4818-add7-6ed94a328ab4";

    /// <summary>SGPC3 TVOC, 4 bytes, read + notify.</summary>
    public const string Voc = "db450002-8e9a-4818-add7-6ed94a328ab4";

    /// <summary>BME280 humidity, temperature, pressure, 8 bytes (6 on old firmware), read + notify.</summary>
    public const string Bme280 = "db450003-8e9a-4818-add7-6ed94a328ab4";

    /// <summary>Info byte and battery, 2 bytes, read + notify.</summary>
    public const string Status = "db450004-8e9a-4818-add7-6ed94a328ab4";

    /// <summary>SPS30 particulate matter, 12 bytes on current firmware, read + notify.</summary>
    public const string Pm = "db450005-8e9a-4818-add7-6ed94a328ab4";

    /// <summary>Nordic UART service that carries the history protocol.</summary>
    public const string UartService = "6e400001-b5a3-f393-e0a9-e50e24dcca9e";

    /// <summary>The host writes HST/HOK here ("RX" from the device's point of view).</summary>
    public const string UartWrite = "6e400002-b5a3-f393-e0a9-e50e24dcca9e";

    /// <summary>The device notifies HO/HT/HD here ("TX" from the device's point of view). Subscribe before the first write.</summary>
    public const string UartNotify = "6e400003-b5a3-f393-e0a9-e50e24dcca9e";

    /// <summary>Atmotube PRO 2: a different protocol family (§7), not handled by this code.</summary>
    public const string Pro2Service = "bda3c091-e5e0-4dac-8170-7fcef187a1d0";

    /// <summary>Company ID of the manufacturer data. 0xFFFF is the Bluetooth SIG "testing" ID, shared with other products (Atmocube).</summary>
    public const ushort CompanyId = 0xFFFF;

    /// <summary>The PRO's complete local name.</summary>
    public const string LocalName = "ATMOTUBE";
}

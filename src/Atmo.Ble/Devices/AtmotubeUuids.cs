namespace Atmo.Ble.Devices;

/// <summary>GATT UUIDs of the Atmotube PRO (protocol document §1.2), lower case as BlueZ prints them.</summary>
public static class AtmotubeUuids
{
    public const string Service = "db450001-8e9a-4818-add7-6ed94a328ab4";
    public const string Voc = "db450002-8e9a-4818-add7-6ed94a328ab4";
    public const string Bme280 = "db450003-8e9a-4818-add7-6ed94a328ab4";
    public const string Status = "db450004-8e9a-4818-add7-6ed94a328ab4";
    public const string Pm = "db450005-8e9a-4818-add7-6ed94a328ab4";
    public const string UartService = "6e400001-b5a3-f393-e0a9-e50e24dcca9e";

    /// <summary>UART RX in the device's terms: the host writes HST/HOK here.</summary>
    public const string UartRx = "6e400002-b5a3-f393-e0a9-e50e24dcca9e";

    /// <summary>UART TX in the device's terms: the device notifies HO/HT/HD here.</summary>
    public const string UartTx = "6e400003-b5a3-f393-e0a9-e50e24dcca9e";

    /// <summary>The four live characteristics, read once per visit and optionally subscribed.</summary>
    public static IReadOnlyList<string> Live { get; } = [Voc, Bme280, Status, Pm];
}

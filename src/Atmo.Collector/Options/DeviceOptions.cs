namespace Atmo.Collector.Options;

/// <summary>One configured Atmotube: <c>Devices:N:Mac</c>, <c>Devices:N:Name</c>, <c>Devices:N:Latitude</c>, <c>Devices:N:Longitude</c>.</summary>
public sealed class DeviceOptions
{
    /// <summary>Bluetooth address, e.g. <c>C2:2B:4F:11:22:33</c> (also <c>C2-2B-…</c> or 12 hex digits). Required; no default.</summary>
    public string? Mac { get; set; }

    /// <summary>A label for logs and status, e.g. "classroom 3". Default null (the address is used).</summary>
    public string? Name { get; set; }

    /// <summary>Fixed latitude in degrees (−90…90), stored with every minute of this device. Default null (no position).</summary>
    public double? Latitude { get; set; }

    /// <summary>Fixed longitude in degrees (−180…180), stored with every minute of this device. Default null (no position).</summary>
    public double? Longitude { get; set; }
}

namespace Atmo.Gateway.Metrics;

/// <summary>Configuration section <c>Metrics</c>: what <c>/metrics</c>, which needs no API key, tells about devices.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// The <c>device</c> label of per-device series: <c>name</c> (default: the device's configured
    /// <c>Devices:N:Name</c>, else its hashed label), <c>hashed</c> (always the hashed label, e.g. <c>dev-3fa1c2d9</c>)
    /// or <c>mac</c> (the Bluetooth address). A MAC identifies a person's monitor to anyone on the LAN, so it appears
    /// only when asked for.
    /// </summary>
    public string DeviceLabels { get; set; } = DeviceLabeler.Name;
}

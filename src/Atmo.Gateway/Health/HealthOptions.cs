namespace Atmo.Gateway.Health;

/// <summary>Settings of <c>/healthz</c> and <c>/readyz</c> (section <c>Health</c>).</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>
    /// List every device (MAC and newest stored minute) on <c>/readyz</c>, which needs no API key.
    /// Default false: MAC addresses identify people's monitors and stay behind the key.
    /// </summary>
    public bool ShowDevices { get; set; }
}

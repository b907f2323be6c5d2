namespace Atmo.Mqtt.Tests;

/// <summary>
/// What Home Assistant accepts, for the device classes this gateway uses: its sensor/const.py (DEVICE_CLASS_UNITS and
/// DEVICE_CLASS_STATE_CLASSES; timestamp takes no unit and no state class) and the binary sensor device classes. Written
/// out here from Home Assistant's source so the test does not trust the code it checks.
/// </summary>
internal static class HomeAssistantRules
{
    private const string Micrograms = "\u03bcg/m\u00b3";

    public static readonly IReadOnlyDictionary<string, string?[]> SensorUnits = new Dictionary<string, string?[]>
    {
        ["pm1"] = [Micrograms],
        ["pm25"] = [Micrograms],
        ["pm10"] = [Micrograms],
        ["volatile_organic_compounds"] = [Micrograms],
        ["volatile_organic_compounds_parts"] = ["ppb", "ppm"],
        ["temperature"] = ["\u00b0C", "\u00b0F", "K"],
        ["humidity"] = ["%"],
        ["atmospheric_pressure"] = ["cbar", "bar", "hPa", "mmHg", "inHg", "kPa", "mbar", "Pa", "psi"],
        ["battery"] = ["%"],
        ["signal_strength"] = ["dB", "dBm"],
        ["timestamp"] = [null],
    };

    public static readonly IReadOnlyDictionary<string, string?[]> SensorStateClasses = new Dictionary<string, string?[]>
    {
        ["pm1"] = ["measurement"],
        ["pm25"] = ["measurement"],
        ["pm10"] = ["measurement"],
        ["volatile_organic_compounds"] = ["measurement"],
        ["volatile_organic_compounds_parts"] = ["measurement"],
        ["temperature"] = ["measurement"],
        ["humidity"] = ["measurement"],
        ["atmospheric_pressure"] = ["measurement"],
        ["battery"] = ["measurement"],
        ["signal_strength"] = ["measurement"],
        ["timestamp"] = [null],
    };

    public static readonly IReadOnlySet<string> BinarySensorClasses = new HashSet<string> { "problem", "connectivity", "running" };

    public static readonly IReadOnlySet<string> StateClasses = new HashSet<string> { "measurement", "total", "total_increasing" };
}

using Atmo.Core;
using Microsoft.Extensions.Options;

namespace Atmo.Collector.Options;

/// <summary>Checks the collector's settings at start; every message says which key is wrong and how to fix it.</summary>
public sealed class CollectorOptionsValidator : IValidateOptions<CollectorOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var seen = new HashSet<MacAddress>();
        for (int i = 0; i < options.Devices.Count; i++)
        {
            DeviceOptions device = options.Devices[i];
            string key = $"Devices:{i}";
            if (string.IsNullOrWhiteSpace(device.Mac))
                errors.Add($"{key}:Mac is missing: give the device's Bluetooth address, e.g. C2:2B:4F:11:22:33 (see 'bluetoothctl devices').");
            else if (!MacAddress.TryParse(device.Mac, out MacAddress address))
                errors.Add($"{key}:Mac '{device.Mac}' is not a Bluetooth address: write six hex pairs, e.g. C2:2B:4F:11:22:33.");
            else if (!seen.Add(address))
                errors.Add($"{key}:Mac {address} is configured twice: remove one of the entries.");
            if (device.Latitude is { } lat && (double.IsNaN(lat) || lat < -90 || lat > 90))
                errors.Add($"{key}:Latitude {lat} is outside −90…90 degrees.");
            if (device.Longitude is { } lon && (double.IsNaN(lon) || lon < -180 || lon > 180))
                errors.Add($"{key}:Longitude {lon} is outside −180…180 degrees.");
            if (device.Latitude.HasValue != device.Longitude.HasValue)
                errors.Add($"{key}: set both Latitude and Longitude, or neither.");
        }

        if (options.Devices.Count == 0 && options.Ble.AutoDiscover == false)
            errors.Add("Ble:AutoDiscover is false and no Devices are configured: nothing would be collected. Add Devices:0:Mac or set Ble:AutoDiscover to true.");
        if (options.History.IntervalMinutes is < 1 or > 1440)
            errors.Add($"History:IntervalMinutes {options.History.IntervalMinutes} is outside 1…1440; the device holds 10 days, so 60 (the default) is plenty.");
        if (options.History.RequestWindowStartSecond < 0 || options.History.RequestWindowEndSecond > 60
            || options.History.RequestWindowEndSecond - options.History.RequestWindowStartSecond < 10)
            errors.Add("History:RequestWindowStartSecond/EndSecond must lie in 0…60 and span at least 10 s.");
        if (options.Ble.Adapter is { } adapter && !IsAdapter(adapter))
            errors.Add($"Ble:Adapter '{adapter}' is neither an adapter name like hci0 nor an address like 00:1A:7D:DA:71:13 (see 'bluetoothctl list').");
        Positive(options.Ble.WatchdogSilence, "Ble:WatchdogSilence", errors);
        Positive(options.Ble.WatchdogInterval, "Ble:WatchdogInterval", errors);
        Positive(options.Ble.AbsenceThreshold, "Ble:AbsenceThreshold", errors);
        Positive(options.Ble.MaxConnectionHold, "Ble:MaxConnectionHold", errors);
        Positive(options.Ble.MaxBackoff, "Ble:MaxBackoff", errors);
        if (options.Ble.FailingDeviceHold < TimeSpan.FromSeconds(30) || options.Ble.FailingDeviceHold > options.Ble.MaxConnectionHold)
            errors.Add($"Ble:FailingDeviceHold {options.Ble.FailingDeviceHold} must lie in 00:00:30…Ble:MaxConnectionHold ({options.Ble.MaxConnectionHold}): it must cover a connect, the request window and the first reply (default 00:02:00).");
        if (options.Ble.MaxAutoDiscovered is < 1 or > 1000)
            errors.Add($"Ble:MaxAutoDiscovered {options.Ble.MaxAutoDiscovered} is outside 1…1000 (default 10; configured Devices never count). To collect no stranger, set Ble:AutoDiscover to false.");
        if (options.Ble.ForgetAfter < options.Ble.AbsenceThreshold)
            errors.Add($"Ble:ForgetAfter {options.Ble.ForgetAfter} is shorter than Ble:AbsenceThreshold ({options.Ble.AbsenceThreshold}): a device would be forgotten before it counts as absent. Default 1.00:00:00.");
        if (options.Ble.MinuteCloseGrace < TimeSpan.Zero || options.Ble.MinuteCloseGrace >= TimeSpan.FromSeconds(30))
            errors.Add($"Ble:MinuteCloseGrace {options.Ble.MinuteCloseGrace} must lie in 0…30 s.");
        Positive(options.Central.ScanBeforeConnectTimeout, "Ble:Central:ScanBeforeConnectTimeout", errors);
        Positive(options.Central.ServicesResolvedTimeout, "Ble:Central:ServicesResolvedTimeout", errors);
        if (options.Central.RetryDelay < TimeSpan.Zero)
            errors.Add($"Ble:Central:RetryDelay must not be negative (it is {options.Central.RetryDelay}).");
        if (options.Central.DiscoveryRestartInterval is { } restart)
            Positive(restart, "Ble:Central:DiscoveryRestartInterval", errors);
        if (options.Ble.LiveWriteInterval < TimeSpan.Zero || options.Ble.LiveWriteInterval > TimeSpan.FromHours(24))
            errors.Add($"Ble:LiveWriteInterval {options.Ble.LiveWriteInterval} must lie in 00:00:00…1.00:00:00 (default 02:00:00; 0 writes live minutes every minute).");
        if (options.Ble.UnstoredLiveLimit is < 100 or > 1_000_000)
            errors.Add($"Ble:UnstoredLiveLimit {options.Ble.UnstoredLiveLimit} must lie in 100…1000000 (live minutes held in memory, all devices; default 20000).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsAdapter(string text) =>
        MacAddress.TryParse(text, out _)
        || (text.StartsWith("hci", StringComparison.Ordinal) && text.Length > 3 && text[3..].All(char.IsAsciiDigit));

    private static void Positive(TimeSpan value, string key, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
            errors.Add($"{key} must be positive (it is {value}).");
    }
}

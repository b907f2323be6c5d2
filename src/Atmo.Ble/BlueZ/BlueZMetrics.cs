using System.Diagnostics.Metrics;

namespace Atmo.Ble.BlueZ;

/// <summary>
/// Counters of the BLE layer (meter "Atmo.Ble"), so that BlueZ's field misbehaviour shows on a
/// dashboard: errors by kind, bluetoothd restarts, connects, lost links. Instrument names omit the meter name,
/// which the Prometheus bridge prefixes (atmo_ble_connects).
/// </summary>
public static class BlueZMetrics
{
    public const string MeterName = "Atmo.Ble";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>("bluez.errors", description: "BlueZ calls that failed, by error kind and method.");
    private static readonly Counter<long> Availability = Meter.CreateCounter<long>("bluez.availability_changes", description: "bluetoothd appearing (available=true) or vanishing (false).");
    private static readonly Counter<long> Connects = Meter.CreateCounter<long>("connects", description: "Connection attempts to units, by outcome.");
    private static readonly Counter<long> LinksLost = Meter.CreateCounter<long>("links_lost", description: "Links that dropped while notifications were subscribed.");

    internal static void Error(BlueZErrorKind kind, string method) =>
        Errors.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()), new KeyValuePair<string, object?>("method", method));

    internal static void AvailabilityChanged(bool available) =>
        Availability.Add(1, new KeyValuePair<string, object?>("available", available));

    internal static void Connect(bool succeeded) =>
        Connects.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "connected" : "failed"));

    internal static void LinkLost() => LinksLost.Add(1);
}

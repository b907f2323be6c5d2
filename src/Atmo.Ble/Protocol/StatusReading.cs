namespace Atmo.Ble.Protocol;

/// <summary>Status characteristic (…0004).</summary>
public readonly record struct StatusReading(AtmotubeInfo Info, int BatteryPercent);

using System.Globalization;
using System.Text.Json;
using Atmo.Core;
using Atmo.Core.Operations;
using Microsoft.AspNetCore.Mvc;

namespace Atmo.Gateway.Devices;

/// <summary>
/// <c>GET /api/v1/devices</c>: every known device (stored, configured under <c>Devices</c>, or seen
/// by the collector) with its stored range and counts by source, plus live facts when known.
/// Inside the <c>/api/v1</c> group, so it needs an API key and counts against the rate limit.
/// </summary>
public static class DeviceEndpoints
{
    public static RouteGroupBuilder MapDeviceEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/devices", GetDevices)
            .WithSummary("Every known device with its stored minutes by source")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        return group;
    }

    internal static IResult GetDevices(IMinuteStore store, IDeviceLiveInfo live, IConfiguration configuration, [FromServices] IUnstoredMinutes? unstored = null)
    {
        var devices = new SortedSet<MacAddress>(store.Devices());
        devices.UnionWith(ConfiguredDevices.Read(configuration));
        devices.UnionWith(live.Known);
        return Results.Text(ToJson([.. devices.Select(d => (WithUnstored(store.GetStats(d), unstored), live.Find(d)))]), "application/json; charset=utf-8");
    }

    /// <summary>The first and last minute as <c>/data</c> serves them: live minutes not stored yet count (the record counts are the stored ones).</summary>
    private static DeviceStats WithUnstored(DeviceStats stats, IUnstoredMinutes? unstored)
    {
        IReadOnlyList<MinuteRecord> held = unstored?.Find(stats.Device, DateTime.MinValue, DateTime.MaxValue) ?? [];
        if (held.Count == 0)
            return stats;
        return stats with
        {
            FirstMinute = stats.FirstMinute is { } first && first < held[0].Time ? first : held[0].Time,
            LastMinute = stats.LastMinute is { } last && last > held[^1].Time ? last : held[^1].Time,
        };
    }

    internal static string ToJson(IReadOnlyList<(DeviceStats Stats, DeviceLiveInfo? Live)> devices)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("status", 0);
            json.WriteStartObject("data");
            json.WriteNumber("total", devices.Count);
            json.WriteStartArray("items");
            foreach ((DeviceStats stats, DeviceLiveInfo? live) in devices)
            {
                json.WriteStartObject();
                json.WriteString("mac", stats.Device.ToString());
                WriteTime(json, "first_minute", stats.FirstMinute);
                WriteTime(json, "last_minute", stats.LastMinute);
                json.WriteStartObject("records");
                json.WriteNumber("live", stats.Live);
                json.WriteNumber("history", stats.History);
                json.WriteNumber("cloud", stats.Cloud);
                json.WriteEndObject();
                json.WriteNumber("disagreements", stats.Disagreements);
                if (live is not null)
                {
                    if (live.Name is { } name) json.WriteString("name", name);
                    if (live.Firmware is { } firmware) json.WriteString("firmware", firmware);
                    if (live.BatteryPercent is { } battery) json.WriteNumber("battery", battery);
                    WriteTime(json, "last_seen", live.LastSeen?.UtcDateTime);
                    if (live.Rssi is { } rssi) json.WriteNumber("rssi", rssi);
                    WriteTime(json, "last_history_sync", live.LastHistorySync?.UtcDateTime);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTime? time)
    {
        if (time is { } t)
            json.WriteString(name, t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
    }
}

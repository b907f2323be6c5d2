using System.Globalization;
using Atmo.Ble.Devices;
using Atmo.Ble.Protocol;
using Atmo.Core;

namespace Atmo.Gateway.Commands;

/// <summary>The latest decoded advertisement per unit, as a text table.</summary>
internal sealed class ScanTable
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<MacAddress, Row> _rows = [];

    private sealed class Row
    {
        public short? Rssi;
        public AdvertisedBase? Base;
        public AdvertisedPm? Pm;
        public DateTimeOffset LastSeen;
        public int Packets;
    }

    public void Add(AdvertisementObservation seen)
    {
        AdvertisementDecodeResult result = AdvertisementDecoder.Decode(
            new DeviceAdvertisement(seen.Address, seen.Name, seen.Uuids, seen.ManufacturerData, seen.Rssi));
        if (result.Advertisement is not { } decoded)
            return;
        lock (_gate)
        {
            if (!_rows.TryGetValue(seen.Address, out Row? row))
                _rows[seen.Address] = row = new Row();
            row.Rssi = decoded.Rssi ?? row.Rssi;
            row.Base = decoded.Base ?? row.Base;
            row.Pm = decoded.Pm ?? row.Pm;
            row.LastSeen = seen.Time;
            row.Packets++;
        }
    }

    public string Render(DateTimeOffset now, bool clearScreen)
    {
        var text = new System.Text.StringBuilder();
        if (clearScreen)
            text.Append("\u001b[H\u001b[2J");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{"Address",-17}  {"RSSI",4}  {"FW",-6}  {"Batt",4}  {"VOC ppm",7}  {"T °C",4}  {"RH %",4}  {"P mbar",7}  {"PM1",4}  {"PM2.5",5}  {"PM10",4}  {"Seen",5}  {"Pkts",5}");
        lock (_gate)
        {
            foreach ((MacAddress address, Row row) in _rows)
            {
                AdvertisedBase? b = row.Base;
                AdvertisedPm? pm = row.Pm;
                bool vocReady = b is not null && b.Info.HasFlag(AtmotubeInfo.VocReady);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"{address,-17}  {Show(row.Rssi),4}  {pm?.Firmware ?? "-",-6}  {Show(b?.BatteryPercent),4}  " +
                    $"{(vocReady && b!.VocPpb is { } ppb ? (ppb / 1000.0).ToString("0.000", CultureInfo.InvariantCulture) : "-"),7}  " +
                    $"{Show(b?.TemperatureC),4}  {Show(b?.HumidityPercent),4}  {(b?.PressurePa is not { } pa ? "-" : (pa / 100.0).ToString("0.00", CultureInfo.InvariantCulture)),7}  " +
                    $"{Show(pm?.Pm1),4}  {Show(pm?.Pm25),5}  {Show(pm?.Pm10),4}  {Math.Max(0, (now - row.LastSeen).TotalSeconds),4:0}s  {row.Packets,5}");
            }
            if (_rows.Count == 0)
                text.AppendLine("(no Atmotube heard yet)");
        }
        return text.ToString();
    }

    private static string Show<T>(T? value) where T : struct =>
        value is { } v ? string.Format(CultureInfo.InvariantCulture, "{0}", v) : "-";
}

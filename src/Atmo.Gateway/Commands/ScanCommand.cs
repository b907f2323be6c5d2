using System.CommandLine;
using System.Globalization;
using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Atmo.Ble.Protocol;
using Atmo.Core;
using Atmo.Gateway.CommandLine;

namespace Atmo.Gateway.Commands;

/// <summary>
/// <c>atmo-edge scan</c>: lists the Atmotube units in range with their latest decoded values, as a
/// table that refreshes every two seconds, on a real adapter or on an emulated bus
/// (<c>Ble:BusAddress</c> / <c>DBUS_SYSTEM_BUS_ADDRESS</c>).
/// </summary>
public sealed class ScanCommand : ICliCommand
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(2);

    private readonly Option<int?> _seconds = new("--seconds")
    {
        Description = "stop after N seconds and print the table once (default: refresh until Ctrl+C)",
        HelpName = "N",
        CustomParser = result =>
        {
            if (int.TryParse(result.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds >= 1)
                return seconds;
            result.AddError("--seconds takes a whole number of seconds, at least 1");
            return null;
        },
    };

    private readonly Option<string> _adapter = new("--adapter") { Description = "the adapter to scan with (default Ble:Adapter, else the first)", HelpName = "hciN" };

    public ScanCommand() =>
        Definition = new Command("scan", "list the Atmotube units in range with their latest values (refreshes; --seconds N stops after N s)") { _seconds, _adapter };

    public Command Definition { get; }

    public async Task<int> RunAsync(CommandContext context)
    {
        TimeSpan? duration = context.Arguments.GetValue(_seconds) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

        var configuration = context.Services.GetRequiredService<IConfiguration>();
        var time = context.Services.GetRequiredService<TimeProvider>();
        var loggers = context.Services.GetRequiredService<ILoggerFactory>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        if (duration is { } d)
            stop.CancelAfter(d);

        var table = new ScanTable();
        try
        {
            await using BlueZClient client = await BlueZClient.ConnectAsync(
                new BlueZClientOptions { BusAddress = configuration["Ble:BusAddress"] }, time, loggers.CreateLogger<BlueZClient>(), stop.Token);
            await using var central = new AtmotubeCentral(client,
                new AtmotubeCentralOptions { Adapter = context.Arguments.GetValue(_adapter) ?? configuration["Ble:Adapter"] }, time, loggers);
            await central.StartScanningAsync(stop.Token);
            Task render = RenderLoopAsync(table, context.Out, time, stop.Token);
            await foreach (AdvertisementObservation seen in central.ObserveAdvertisementsAsync(stop.Token))
                table.Add(seen);
            await render;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (BlueZException e)
        {
            await context.Error.WriteLineAsync($"scan failed: {e.Message}");
            return ExitCodes.Failure;
        }
        await context.Out.WriteAsync(table.Render(time.GetUtcNow(), clearScreen: false));
        return ExitCodes.Success;
    }

    private static async Task RenderLoopAsync(ScanTable table, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        // Redraw in place on a terminal; when stdout is a file or a pipe, print only the final table.
        if (Console.IsOutputRedirected || output != Console.Out)
            return;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await output.WriteAsync(table.Render(time.GetUtcNow(), clearScreen: true));
                await Task.Delay(Refresh, time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

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
                    $"{(vocReady ? (b!.VocPpb / 1000.0).ToString("0.000", CultureInfo.InvariantCulture) : "-"),7}  " +
                    $"{Show(b?.TemperatureC),4}  {Show(b?.HumidityPercent),4}  {(b is null ? "-" : (b.PressurePa / 100.0).ToString("0.00", CultureInfo.InvariantCulture)),7}  " +
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

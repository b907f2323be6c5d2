using System.CommandLine;
using System.Globalization;
using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
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

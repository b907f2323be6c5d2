using Atmo.Core;

namespace Atmo.CloudDouble;

/// <summary>
/// Runs the double alone for demos: <c>atmo-cloud-double [port] [api-key]</c> serves three days of
/// sample data for device 00:11:22:33:44:55 on 127.0.0.1 until Ctrl+C.
/// </summary>
public static class CloudDoubleProgram
{
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5080;
        string key = args.Length > 1 ? args[1] : "demo-key";
        TimeProvider time = TimeProvider.System;
        await using CloudDoubleServer server = await CloudDoubleServer.StartAsync(time, [key], port: port).ConfigureAwait(false);
        var device = MacAddress.Parse("00:11:22:33:44:55");
        DateTime now = MinuteTime.Floor(time.GetUtcNow());
        server.Data.Add(Enumerable.Range(1, 3 * 1440).Select(i => new MinuteRecord
        {
            Device = device,
            Time = now.AddMinutes(-i),
            Source = MinuteSource.Cloud,
            Voc = Math.Round(0.5 + (i % 97) / 100.0, 3),
            T = 21.5,
            H = 40,
            P = 1003.2,
            Pm25 = i % 3 == 0 ? 4 : null,
        }));
        Console.WriteLine($"Atmotube Cloud double on {server.BaseAddress} (api_key={key}); Ctrl+C to stop.");
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }
}

using System.CommandLine;
using System.Runtime.InteropServices;
using Atmo.Core;
using Atmo.Simulator;
using Atmo.Simulator.BlueZ;
using Atmo.Simulator.Devices;

// atmo-sim: an emulated BlueZ with emulated Atmotube PRO units, on a bus of your choice.
//   atmo-sim --devices 3 --private-bus          starts its own dbus-daemon and prints its address
//   atmo-sim --bus unix:path=/tmp/x             uses an existing bus
// Faults: --drop-link-after N, --inprogress-discovery N, --restart-every SECONDS, --corrupt, --time-base +3h|-2d|+1d|+1y|pre-2016,
//         --slow-notify MS, --never-answer-hst, --leave-range-after SECONDS, --phone-connected
// Clock: --speed X (units' clock X times faster from now on), or --clock SPEED@ORIGIN / ATMO_EDGE_ACCELERATED_CLOCK,
//        the same clock atmo-edge takes from that variable, so emulator and daemon agree on every minute.
var devices = new Option<int>("--devices") { Description = "emulated Atmotube PRO units", DefaultValueFactory = _ => 1 };
var seed = new Option<int>("--seed") { Description = "seed for addresses and values; same seed, same run", DefaultValueFactory = _ => 1 };
var mtu = new Option<int>("--mtu") { Description = "ATT MTU of each connection: 23 or 247", DefaultValueFactory = _ => 247 };
var history = new Option<int>("--history") { Description = "records each unit already holds at start", HelpName = "RECORDS", DefaultValueFactory = _ => 60 };
var speed = new Option<double?>("--speed") { Description = "the units' clock runs X times faster from now on", HelpName = "X" };
var clock = new Option<string?>("--clock")
{
    Description = $"the shared accelerated clock, SPEED@ORIGIN (default: the environment variable {AcceleratedTimeProvider.EnvironmentVariable}, which atmo-edge reads too)",
    DefaultValueFactory = _ => Environment.GetEnvironmentVariable(AcceleratedTimeProvider.EnvironmentVariable),
};
var bus = new Option<string?>("--bus") { Description = "an existing bus (default DBUS_SYSTEM_BUS_ADDRESS)", HelpName = "ADDRESS" };
var privateBus = new Option<bool>("--private-bus") { Description = "start a private dbus-daemon and print its address" };
var seconds = new Option<double?>("--seconds") { Description = "stop after this many seconds (default: at SIGINT or SIGTERM)" };
var dropAfter = new Option<int?>("--drop-link-after") { Description = "fault: drop the link after N notification packets", HelpName = "PACKETS" };
var failDiscovery = new Option<int?>("--inprogress-discovery") { Description = "fault: the next N StartDiscovery calls fail with InProgress", HelpName = "N" };
var restartEvery = new Option<double?>("--restart-every") { Description = "fault: restart the emulated bluetoothd every SECONDS", HelpName = "SECONDS" };
var leaveAfter = new Option<double?>("--leave-range-after") { Description = "fault: every unit leaves range after SECONDS", HelpName = "SECONDS" };
var corrupt = new Option<bool>("--corrupt") { Description = "fault: corrupt the next history batch" };
var timeBase = new Option<string?>("--time-base") { Description = "fault: the units stamp their history off by +3h, -2d, +1d, +1y or pre-2016", HelpName = "FAULT" };
timeBase.AcceptOnlyFromAmong([.. TimeBaseFaults.Names]);
var neverAnswer = new Option<bool>("--never-answer-hst") { Description = "fault: ignore history requests" };
var phone = new Option<bool>("--phone-connected") { Description = "fault: a phone holds every unit" };
var slowNotify = new Option<int>("--slow-notify") { Description = "fault: delay each notification by MS", HelpName = "MS" };
var root = new RootCommand("atmo-sim: an emulated BlueZ with emulated Atmotube PRO units, on a private bus (--private-bus) or an existing one (--bus).")
{
    devices, seed, mtu, history, speed, clock, bus, privateBus, seconds,
    dropAfter, failDiscovery, restartEvery, leaveAfter, corrupt, timeBase, neverAnswer, phone, slowNotify,
};
root.SetAction((parsed, _) => RunAsync(parsed));
ParseResult command = root.Parse(args);
// SIGINT and SIGTERM are handled below (they stop the loop, so the private dbus-daemon is stopped too).
int exitCode = await command.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
return command.Errors.Count > 0 ? 2 : exitCode;   // a usage error, as before System.CommandLine

async Task<int> RunAsync(ParseResult parsed)
{
    var options = new SimulatorOptions
    {
        Devices = parsed.GetValue(devices),
        Seed = parsed.GetValue(seed),
        Mtu = parsed.GetValue(mtu),
        InitialRecords = parsed.GetValue(history),
    };
    try
    {
        if (parsed.GetValue(speed) is double s)
            options.DeviceClock = new AcceleratedTimeProvider(s);
        else if (AcceleratedTimeProvider.Parse(parsed.GetValue(clock)) is { } shared)
            options.DeviceClock = shared;
    }
    catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }

    if (options.DeviceClock is AcceleratedTimeProvider accelerated)
        Console.WriteLine($"# units' clock: {accelerated}");

    string? busAddress = parsed.GetValue(bus) ?? Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS");
    if (!parsed.GetValue(privateBus) && busAddress is null)
    {
        Console.Error.WriteLine("Give --private-bus or --bus ADDRESS (the real system bus already has a bluetoothd).");
        return 2;
    }

    using var stop = new CancellationTokenSource();
    void StopGracefully(PosixSignalContext context)
    {
        context.Cancel = true;
        stop.Cancel();
    }

    using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopGracefully);
    using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopGracefully);
    if (parsed.GetValue(seconds) is double limit)
        stop.CancelAfter(TimeSpan.FromSeconds(limit));

    SimulatedBluetooth? world = null;
    BlueZEmulator emulator;
    if (parsed.GetValue(privateBus))
    {
        world = await SimulatedBluetooth.StartAsync(options);
        busAddress = world.BusAddress;
        emulator = world.Emulator;
    }
    else
    {
        emulator = await BlueZEmulator.StartAsync(busAddress!, options);
    }

    await using IAsyncDisposable owned = world is not null ? world : emulator;
    foreach (var unit in emulator.Units)
    {
        unit.DropLinkAfterPackets = parsed.GetValue(dropAfter);
        unit.CorruptNextBatch = parsed.GetValue(corrupt);
        if (parsed.GetValue(timeBase) is { } fault)
            unit.TimeBaseOffset = TimeBaseFaults.Offset(fault, options.DeviceClock.GetUtcNow());
        unit.IgnoreHistoryRequests = parsed.GetValue(neverAnswer);
        unit.HeldByAnotherCentral = parsed.GetValue(phone);
        unit.NotificationDelay = TimeSpan.FromMilliseconds(parsed.GetValue(slowNotify));
        Console.WriteLine($"# unit {unit.Index}: {unit.Address} ({unit.Memory.Records.Count} records)");
    }

    if (parsed.GetValue(failDiscovery) is int n)
        emulator.FailNextStartDiscovery(n);
    Console.WriteLine($"export DBUS_SYSTEM_BUS_ADDRESS={busAddress}");
    Console.Out.Flush();

    double? leave = parsed.GetValue(leaveAfter);
    double? every = parsed.GetValue(restartEvery);
    try
    {
        var started = DateTime.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
            double elapsed = (DateTime.UtcNow - started).TotalSeconds;
            if (leave is double after && elapsed >= after)
            {
                foreach (var unit in emulator.Units)
                    emulator.LeaveRange(unit.Address);
                leave = null;
            }

            if (every is double period && elapsed >= period)
            {
                Console.WriteLine("# restarting emulated bluetoothd");
                await emulator.RestartAsync(TimeSpan.FromSeconds(1), stop.Token);
                started = DateTime.UtcNow;
            }
        }
    }
    catch (OperationCanceledException)
    {
    }

    return 0;
}

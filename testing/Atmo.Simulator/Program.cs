using System.Globalization;
using System.Runtime.InteropServices;
using Atmo.Simulator;
using Atmo.Simulator.BlueZ;

// atmo-sim: an emulated BlueZ with emulated Atmotube PRO units, on a bus of your choice.
//   atmo-sim --devices 3 --private-bus          starts its own dbus-daemon and prints its address
//   atmo-sim --bus unix:path=/tmp/x             uses an existing bus
// Faults: --drop-link-after N, --inprogress-discovery N, --restart-every SECONDS, --corrupt,
//         --slow-notify MS, --never-answer-hst, --leave-range-after SECONDS, --phone-connected
// Clock: --speed X (units' clock X times faster from now on), or --clock SPEED@ORIGIN / ATMO_EDGE_ACCELERATED_CLOCK,
//        the same clock atmo-edge takes from that variable, so emulator and daemon agree on every minute.
var options = new SimulatorOptions { Devices = 1 };
string? bus = null;
bool privateBus = false;
int? dropAfter = null, failDiscovery = null;
double? restartEvery = null, leaveAfter = null, speed = null;
string? clock = Environment.GetEnvironmentVariable(AcceleratedTimeProvider.EnvironmentVariable);
bool corrupt = false, neverAnswer = false, phone = false;
int slowMs = 0;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
    double NextDouble() => double.Parse(Next(), CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--devices": options.Devices = NextInt(); break;
        case "--seed": options.Seed = NextInt(); break;
        case "--mtu": options.Mtu = NextInt(); break;
        case "--history": options.InitialRecords = NextInt(); break;
        case "--speed": speed = NextDouble(); break;
        case "--clock": clock = Next(); break;
        case "--bus": bus = Next(); break;
        case "--private-bus": privateBus = true; break;
        case "--drop-link-after": dropAfter = NextInt(); break;
        case "--inprogress-discovery": failDiscovery = NextInt(); break;
        case "--restart-every": restartEvery = NextDouble(); break;
        case "--leave-range-after": leaveAfter = NextDouble(); break;
        case "--corrupt": corrupt = true; break;
        case "--never-answer-hst": neverAnswer = true; break;
        case "--phone-connected": phone = true; break;
        case "--slow-notify": slowMs = NextInt(); break;
        case "--help" or "-h":
            Console.WriteLine($"""
                atmo-sim [--devices N] [--seed S] [--mtu 23|247] [--history RECORDS] [--speed X | --clock SPEED@ORIGIN]
                         (--private-bus | --bus ADDRESS)
                         [--drop-link-after PACKETS] [--inprogress-discovery N] [--restart-every SECONDS]
                         [--leave-range-after SECONDS] [--corrupt] [--never-answer-hst] [--phone-connected]
                         [--slow-notify MS]
                --clock defaults to the environment variable {AcceleratedTimeProvider.EnvironmentVariable} (atmo-edge reads it too).
                """);
            return 0;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}; try --help.");
            return 2;
    }
}

try
{
    if (speed is double s)
        options.DeviceClock = new AcceleratedTimeProvider(s);
    else if (AcceleratedTimeProvider.Parse(clock) is { } shared)
        options.DeviceClock = shared;
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (options.DeviceClock is AcceleratedTimeProvider accelerated)
    Console.WriteLine($"# units' clock: {accelerated}");

SimulatedBluetooth? world = null;
BlueZEmulator emulator;
if (privateBus)
{
    world = await SimulatedBluetooth.StartAsync(options);
    bus = world.BusAddress;
    emulator = world.Emulator;
}
else
{
    bus ??= Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS");
    if (bus is null)
    {
        Console.Error.WriteLine("Give --private-bus or --bus ADDRESS (the real system bus already has a bluetoothd).");
        return 2;
    }

    emulator = await BlueZEmulator.StartAsync(bus, options);
}
foreach (var unit in emulator.Units)
{
    unit.DropLinkAfterPackets = dropAfter;
    unit.CorruptNextBatch = corrupt;
    unit.IgnoreHistoryRequests = neverAnswer;
    unit.HeldByAnotherCentral = phone;
    unit.NotificationDelay = TimeSpan.FromMilliseconds(slowMs);
    Console.WriteLine($"# unit {unit.Index}: {unit.Address} ({unit.Memory.Records.Count} records)");
}

if (failDiscovery is int n)
    emulator.FailNextStartDiscovery(n);
Console.WriteLine($"export DBUS_SYSTEM_BUS_ADDRESS={bus}");
Console.Out.Flush();

using var stop = new CancellationTokenSource();
// SIGINT and SIGTERM end the loop below, so the private dbus-daemon is stopped too.
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopGracefully);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopGracefully);
void StopGracefully(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

try
{
    var started = DateTime.UtcNow;
    while (!stop.IsCancellationRequested)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
        double elapsed = (DateTime.UtcNow - started).TotalSeconds;
        if (leaveAfter is double leave && elapsed >= leave)
        {
            foreach (var unit in emulator.Units)
                emulator.LeaveRange(unit.Address);
            leaveAfter = null;
        }

        if (restartEvery is double every && elapsed >= every)
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

if (world is not null)
    await world.DisposeAsync();
else
    await emulator.DisposeAsync();
return 0;

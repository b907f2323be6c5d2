using System.Globalization;
using Atmo.Storage;
using Atmo.Storage.CrashWriter;
using Microsoft.Extensions.Logging.Abstractions;

// The child process of the storage crash tests; the parent kills it with SIGKILL.
//   Atmo.Storage.CrashWriter <database path> <first batch number> <batch count>
//     Prints "ready" once the store is open and "committed <n>" after Write(batch n) (CrashBatch) has returned,
//     so the parent knows which batches were acknowledged.
//   Atmo.Storage.CrashWriter migrate <database path>
//     Opens a file of the earlier layout (the store migrates it), printing the store's log lines as "log: …",
//     then "opened <devices> <minutes>".
if (args is ["migrate", string file])
{
    using var migrated = new LiteDbMinuteStore(new StorageOptions { Path = file }, TimeProvider.System, new ConsoleLineLogger<LiteDbMinuteStore>());
    long minutes = migrated.Devices().Sum(device => migrated.GetStats(device) is var s ? s.Live + s.History + s.Cloud : 0);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"opened {migrated.Devices().Count} {minutes}"));
    return;
}

string path = args[0];
int first = int.Parse(args[1], CultureInfo.InvariantCulture);
int count = int.Parse(args[2], CultureInfo.InvariantCulture);

using var store = new LiteDbMinuteStore(new StorageOptions { Path = path }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);
Console.WriteLine("ready");
for (int n = first; n < first + count; n++)
{
    store.Write(CrashBatch.Build(n));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"committed {n}"));
}

Console.WriteLine("done");

using System.Collections;
using System.Reflection;
using LiteDB;

namespace Atmo.Storage;

/// <summary>
/// LiteDB 5.0.21 cannot undo a commit that failed half written (a full disk, an I/O error): the page buffers it
/// already handed to the log are no longer writable, so disposing the transaction throws "discarded page must be
/// writable". Closing the engine then leaves the transaction's log reader open, and its finalizer throws the same
/// later on the finalizer thread, which ends the process. Before a failed engine is closed, each open transaction
/// gives its reader back (closing the engine then closes it) and its finalizer is suppressed. This reaches into
/// LiteDB's private fields of the pinned version; FullDiskTests (a commit that fills the disk half way) fail if it
/// stops working.
/// </summary>
internal static class FailedTransactions
{
    public static void Release(LiteDatabase database)
    {
        object? engine = Field(database, "_engine");
        object? monitor = engine is null ? null : Field(engine, "_monitor");
        if (monitor is null || Field(monitor, "_transactions") is not IDictionary transactions)
            return;
        object[] open;
        lock (transactions)
            open = [.. transactions.Values.Cast<object>()];
        foreach (object transaction in open)
        {
            GC.SuppressFinalize(transaction);
            (Field(transaction, "_reader") as IDisposable)?.Dispose();
        }
    }

    private static object? Field(object target, string name) =>
        target.GetType().GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(target);
}

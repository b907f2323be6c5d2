using Atmo.Core;

namespace Atmo.Collector.Tests.Support;

/// <summary>
/// The real store, but the process "dies" right after the Nth history batch is committed: the write is durable,
/// the caller never hears back (it gets an exception), so the batch is never acknowledged.
/// </summary>
internal sealed class CrashAfterCommitStore(IMinuteStore inner, int crashAfterBatch) : MinuteStoreDecorator(inner)
{
    private int _historyBatches;

    public TaskCompletionSource<IReadOnlyCollection<MinuteRecord>> Crashed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override WriteResult Write(IReadOnlyCollection<MinuteRecord> batch)
    {
        WriteResult result = Inner.Write(batch);
        if (batch.Count > 0 && batch.First().Source == MinuteSource.History && Interlocked.Increment(ref _historyBatches) == crashAfterBatch)
        {
            Crashed.TrySetResult(batch);
            throw new IOException("simulated crash right after the commit");
        }

        return result;
    }
}

using Atmo.Core;
using Atmo.Storage.Tests.Support;
using static Atmo.Storage.Tests.Support.Minutes;

namespace Atmo.Storage.Tests;

public sealed class LiteDbMinuteStoreConcurrencyTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadsDuringWrites_SeeOnlyWholeBatches()
    {
        // Each batch is 30 minutes of one value; readers must never see a batch half written.
        const int Batches = 40;
        using var done = new CancellationTokenSource();
        using var readersStarted = new CountdownEvent(2);
        var writer = Task.Run(() =>
        {
            Assert.True(readersStarted.Wait(TimeSpan.FromSeconds(10)), "readers did not start");
            for (int batch = 0; batch < Batches; batch++)
                _temp.Store.Write([.. Enumerable.Range(batch * 30, 30).Select(i => At(i, MinuteSource.Live, voc: batch))]);
            done.Cancel();
        });

        int reads = 0;
        Task[] readers = [.. Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                MinutePage page = _temp.Store.Query(new MinuteQuery(DeviceA, Start, Start.AddDays(1), SortOrder.Ascending));
                Assert.Equal(0, page.Items.Count % 30);
                Assert.All(page.Items.GroupBy(item => item.Voc), group => Assert.Equal(30, group.Count()));
                Assert.Equal(0, _temp.Store.GetStats(DeviceA).Live % 30);
                Assert.NotEqual(Start.AddYears(-1), _temp.Store.NewestMinute());
                if (Interlocked.Increment(ref reads) <= 2)
                    readersStarted.Signal();
            }
        }))];

        await writer;
        await Task.WhenAll(readers);

        Assert.True(reads >= 2);
        Assert.Equal(Batches * 30, _temp.Store.Query(new MinuteQuery(DeviceA, Start, Start.AddDays(1))).Total);
    }

    [Fact]
    public async Task ConcurrentWriters_LoseNothing()
    {
        Task[] writers = [.. Enumerable.Range(0, 4).Select(writer => Task.Run(() =>
        {
            for (int batch = 0; batch < 10; batch++)
                _temp.Store.Write(History((writer * 10 + batch) * 20, 20, seed: writer * 7 + batch));
        }))];

        await Task.WhenAll(writers);

        Assert.Equal(800, _temp.Store.GetStats(DeviceA).History);
        Assert.Equal(800, _temp.Reopen().StoredMinutes(DeviceA, Start, Start.AddDays(1)).Count);
    }
}

using System.Net;
using Atmo.Gateway.Health;
using Atmo.Gateway.Tests.TestSupport;
using Atmo.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Gateway.Tests.Health;

/// <summary>/readyz needs no key: what a flood of it costs the SD card (issue 12).</summary>
public sealed class ReadinessCostTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task A_thousand_readyz_requests_write_one_probe_and_the_next_comes_after_ten_seconds()
    {
        var clock = new FakeTimeProvider(GatewayServer.DefaultNow);
        await using GatewayServer server = await GatewayServer.StartAsync(time: clock);
        using var probes = new ProbeWatcher(server.Folder);

        // 1,000 requests, 20 at a time, on a clock that stands still.
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (_, ct) =>
        {
            using HttpResponseMessage response = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative), ct);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable);
        });
        int afterBurst = await probes.CountAsync();

        clock.Advance(DatabaseWritableCheck.ProbeReuse - TimeSpan.FromMilliseconds(1));
        await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        int beforeReuseEnds = await probes.CountAsync();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        int afterReuseEnds = await probes.CountAsync();

        output.WriteLine($"probe writes (one fsync each): {afterBurst} for 1,000 requests, {beforeReuseEnds} before 10 s, {afterReuseEnds} after");
        Assert.Equal(1, afterBurst);
        Assert.Equal(1, beforeReuseEnds);
        Assert.Equal(2, afterReuseEnds);
    }

    /// <summary>Counts the probe files created in a folder (inotify), in order with a marker file of its own.</summary>
    private sealed class ProbeWatcher : IDisposable
    {
        private readonly FileSystemWatcher _watcher;
        private readonly string _folder;
        private int _probes;
        private int _markers;
        private bool _overflow;

        public ProbeWatcher(string folder)
        {
            _folder = folder;
            _watcher = new FileSystemWatcher(folder) { InternalBufferSize = 64 * 1024 };
            _watcher.Created += (_, e) =>
            {
                if (e.Name!.StartsWith(".atmo-edge-probe-", StringComparison.Ordinal))
                    Interlocked.Increment(ref _probes);
                else if (e.Name.StartsWith("marker-", StringComparison.Ordinal))
                    Interlocked.Increment(ref _markers);
            };
            _watcher.Error += (_, _) => _overflow = true;
            _watcher.EnableRaisingEvents = true;
        }

        /// <summary>The probes so far: every event before a fresh marker's has arrived once the marker's has.</summary>
        public async Task<int> CountAsync()
        {
            int markers = Volatile.Read(ref _markers);
            await File.WriteAllTextAsync(Path.Combine(_folder, $"marker-{Guid.NewGuid():N}"), "");
            await Eventually.UntilAsync(() => Volatile.Read(ref _markers) > markers, "the marker's event", 10);
            Assert.False(_overflow, "inotify lost events");
            return Volatile.Read(ref _probes);
        }

        public void Dispose() => _watcher.Dispose();
    }
}

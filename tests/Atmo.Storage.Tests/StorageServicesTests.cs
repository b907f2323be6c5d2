using Atmo.Core;
using Atmo.Core.Plausibility;
using Atmo.Core.TimeBase;
using Atmo.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Storage.Tests;

/// <summary>
/// What <see cref="StorageServices.AddStorage"/> registers: the gate as the <see cref="IMinuteStore"/>, and every part
/// of the store that consumers find by a cast or in the container still reachable through it. A wrapper hides the
/// interfaces its inner store implements: <c>store is IStoreHealth</c> on it would be false unless it passes them on.
/// </summary>
public sealed class StorageServicesTests : IDisposable
{
    private readonly SmallFileSystem _disk = new(4 * 1024 * 1024);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;

    public StorageServicesTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Path"] = Path.Combine(_disk.Folder, "atmo-edge.db") })
            .Build());
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddStorage();
        _services = services.BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        _disk.Dispose();
    }

    [Fact]
    public void The_minute_store_is_the_gate_over_the_one_database_store_and_passes_its_parts_on()
    {
        IMinuteStore store = _services.GetRequiredService<IMinuteStore>();
        LiteDbMinuteStore database = _services.GetRequiredService<LiteDbMinuteStore>();

        Assert.IsType<PlausibleMinuteStore>(store);
        Assert.Same(database, StoreParts.Find<LiteDbMinuteStore>(store));        // the backup socket finds the file
        Assert.Same(database, _services.GetRequiredService<IMinuteChangeFeed>());
        Assert.Same(database, _services.GetRequiredService<IHistoryQuarantine>());
        Assert.Same(database, _services.GetRequiredService<IClockEvidence>());
        Assert.Same(database, StoreParts.Require<IHistoryQuarantine>(store));
        IStoreHealth health = Assert.IsAssignableFrom<IStoreHealth>(store);       // /readyz and the watchdog cast it
        Assert.Equal(database.Condition, health.Condition);
    }

    [Fact]
    public void A_write_through_the_gate_reaches_the_change_feed_and_an_unhealthy_store_shows_through_the_gate()
    {
        IMinuteStore store = _services.GetRequiredService<IMinuteStore>();
        IMinuteChangeFeed feed = _services.GetRequiredService<IMinuteChangeFeed>();
        DateTime now = MinuteTime.Floor(_time.GetUtcNow());
        var device = MacAddress.Parse("AA:BB:CC:00:00:01");

        WriteResult result = store.Write(
        [
            new MinuteRecord { Device = device, Time = now.AddMinutes(-1), Source = MinuteSource.Live, T = 21 },
            new MinuteRecord { Device = device, Time = now.AddDays(1), Source = MinuteSource.Live, T = 21 },
        ]);

        Assert.Equal((1, 1), (result.Inserted, result.Refused));
        MinuteChange change = Assert.Single(feed.ChangesAfter(0, 10));
        Assert.Equal([now.AddMinutes(-1)], change.Minutes);

        // A full disk: the store's next commit is refused, and the gate reports the store's condition.
        _disk.Fill();
        Assert.Throws<StorageWriteException>(() => store.Write([new MinuteRecord { Device = device, Time = now, Source = MinuteSource.Live, T = 22 }]));
        Assert.StartsWith("the disk is full", ((IStoreHealth)store).Condition.Failure, StringComparison.Ordinal);
        Assert.Equal(_services.GetRequiredService<LiteDbMinuteStore>().Condition, ((IStoreHealth)store).Condition);
    }
}

using Atmo.CloudDouble;
using Atmo.Core;
using Atmo.Core.Plausibility;
using Atmo.Storage;
using Atmo.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace Atmo.Sync.Tests.Support;

/// <summary>
/// The sync services as the gateway wires them (AddCloudSync), against the cloud double on loopback,
/// with one virtual clock shared by the client's limiter, Polly and the double.
/// </summary>
public sealed class SyncHarness : IAsyncDisposable
{
    public const string ApiKey = "k3y-SECRET-9f8e7d";

    private readonly InFlightHandler.Counter _inFlight = new();

    private readonly LiteDbMinuteStore _database;

    private SyncHarness(VirtualClock clock, CloudDoubleServer cloud, LiteDbMinuteStore database, TempFolder folder)
    {
        Clock = clock;
        Cloud = cloud;
        _database = database;
        Store = new PlausibleMinuteStore(database, clock); // the gate over the store, as AddStorage registers it
        Folder = folder;
    }

    public VirtualClock Clock { get; }
    public CloudDoubleServer Cloud { get; }
    public IMinuteStore Store { get; }
    public TempFolder Folder { get; }
    /// <summary>Every log record, at every level (<see cref="Atmo.Testing.FakeLogText"/> renders them as text).</summary>
    public FakeLogCollector Logs { get; } = new();
    public ServiceProvider Services { get; private set; } = null!;
    public SyncPass Pass => Services.GetRequiredService<SyncPass>();
    public ISyncStatus Status => Services.GetRequiredService<ISyncStatus>();

    /// <param name="durability">
    /// The real LiteDB store's commit mode; the big scenarios seed hundreds of thousands of minutes
    /// and use <see cref="CommitDurability.ProcessCrashOnly"/> (power-cut safety is not what they test).
    /// </param>
    public static async Task<SyncHarness> StartAsync(DateTimeOffset now, Dictionary<string, string?>? settings = null,
        IEnumerable<MacAddress>? configuredDevices = null, CommitDurability durability = CommitDurability.FsyncLog)
    {
        var clock = new VirtualClock(now);
        CloudDoubleServer cloud = await CloudDoubleServer.StartAsync(clock, [ApiKey]);
        var folder = new TempFolder();
        var database = new LiteDbMinuteStore(new StorageOptions { Path = Path.Combine(folder.Path, "atmo-edge.db"), Durability = durability },
            clock, NullLogger<LiteDbMinuteStore>.Instance);
        var harness = new SyncHarness(clock, cloud, database, folder);
        harness.Build(settings, configuredDevices);
        return harness;
    }

    /// <summary>(Re)builds the services, as a restarted process would (the store and the state file stay).</summary>
    public void Build(Dictionary<string, string?>? settings = null, IEnumerable<MacAddress>? configuredDevices = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Cloud:ApiKey"] = ApiKey,
            ["Cloud:BaseUrl"] = Cloud.BaseAddress.ToString(),
            ["Cloud:StateFile"] = Path.Combine(Folder.Path, "cloud-sync-state.json"),
        };
        foreach (KeyValuePair<string, string?> s in settings ?? [])
            config[s.Key] = s.Value;
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Store);
        services.AddLogging(b => b.AddProvider(new FakeLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Trace));
        List<MacAddress> configured = [.. configuredDevices ?? []];
        services.AddCloudSync(configuration, _ => configured);
        services.AddHttpClient(SyncPass.HttpClientName).AddHttpMessageHandler(() => new InFlightHandler(_inFlight));
        Services?.Dispose();
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public Atmo.Sync.Api.CloudApiClient CreateClient() => new(
        Services.GetRequiredService<IHttpClientFactory>().CreateClient(SyncPass.HttpClientName),
        Services.GetRequiredService<Atmo.Sync.Api.CloudApiKey>(),
        Services.GetRequiredService<Atmo.Sync.RateLimiting.MinuteWindowRateLimiter>(),
        Services.GetRequiredService<Atmo.Sync.Api.CloudResilience>(),
        Clock,
        Services.GetRequiredService<ILogger<Atmo.Sync.Api.CloudApiClient>>());

    public IHostedService Worker => Services.GetServices<IHostedService>().OfType<SyncWorker>().Single();

    /// <summary>
    /// True while a request is between the rate limiter and the end of its exchange, and not parked
    /// in the double's slow-response delay (then only the clock can move it on).
    /// </summary>
    public bool Busy() => Math.Max(_inFlight.Value, Services.GetRequiredService<Atmo.Sync.RateLimiting.MinuteWindowRateLimiter>().InFlight) > Cloud.Parked;

    public Task<SyncSummary> RunPassAsync(TimeSpan? maxVirtual = null, IProgress<SyncProgress>? progress = null) =>
        Clock.RunAsync(() => Pass.RunAsync(progress), Busy, maxVirtual ?? TimeSpan.FromHours(6));

    public Task<T> RunAsync<T>(Func<Task<T>> work, TimeSpan? maxVirtual = null) =>
        Clock.RunAsync(work, Busy, maxVirtual ?? TimeSpan.FromHours(6));

    /// <summary>
    /// Lets virtual time run (the worker's and the client's timers) until <paramref name="done"/> holds; from that
    /// moment the clock stands still, so the test sees the state and the time at which it first held.
    /// </summary>
    public Task RunUntilAsync(Func<bool> done, string what, TimeSpan? maxVirtual = null) =>
        Clock.RunAsync(async () =>
        {
            await Eventually.UntilAsync(done, what, realSeconds: 240);
            return true;
        }, () => Busy() || done(), maxVirtual ?? TimeSpan.FromHours(6));

    public async ValueTask DisposeAsync()
    {
        Services?.Dispose();
        await Cloud.DisposeAsync();
        _database.Dispose();
        Folder.Dispose();
    }
}

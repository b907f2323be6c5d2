using Atmo.Core;
using Atmo.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Gateway.Tests.TestSupport;

/// <summary>
/// The real gateway (<see cref="GatewayApp.Build(string[], Action{IServiceCollection}?)"/>) on Kestrel at 127.0.0.1, port 0, with the
/// store and the clock swapped for test doubles and every log entry captured.
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    public const string Key = "test-key-0123456789";
    public const string OtherKey = "other-key-9876543210";

    /// <summary>Thursday 2023-11-15 12:00:45.300 UTC: mid-minute, so Retry-After is 15.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2023, 11, 15, 12, 0, 45, 300, TimeSpan.Zero);

    private readonly WebApplication _app;

    private GatewayServer(WebApplication app, RecordingMinuteStore store, FakeTimeProvider time, FakeLogCollector logs, string folder)
    {
        _app = app;
        Store = store;
        Time = time;
        Logs = logs;
        Folder = folder;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    /// <summary>What the gateway sees: the given store, recorded.</summary>
    public RecordingMinuteStore Store { get; }
    public FakeTimeProvider Time { get; }
    /// <summary>Every log record of the server (<see cref="Atmo.Testing.FakeLogText"/> renders them as text).</summary>
    public FakeLogCollector Logs { get; }
    public HttpClient Client { get; }

    /// <summary>A fresh temporary folder holding the database path (the store itself is in memory).</summary>
    public string Folder { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="configuration">Extra <c>--Key=value</c> arguments; they override the defaults below.</param>
    /// <param name="withKeys">False: configure no API key (the key file is generated).</param>
    public static async Task<GatewayServer> StartAsync(
        IMinuteStore? store = null, FakeTimeProvider? time = null, bool withKeys = true, params string[] configuration)
    {
        var recording = new RecordingMinuteStore(store ?? new InMemoryMinuteStore());
        time ??= new FakeTimeProvider(DefaultNow);
        var logs = new FakeLogCollector();
        string folder = Directory.CreateTempSubdirectory("atmo-gateway-").FullName;
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:Path={folder}/atmo-edge.db",
            "--Api:RateLimitPerMinute=1000000",
            // Never the machine's real Bluetooth: the collector finds no bus here and waits.
            $"--Ble:BusAddress=unix:path={folder}/no-bus",
            .. withKeys ? (string[])[$"--Api:Keys:0={Key}", $"--Api:Keys:1={OtherKey}"] : [],
            .. configuration,
        ];
        WebApplication app = GatewayApp.Build(args, services =>
        {
            services.AddSingleton<IMinuteStore>(recording);
            // The quarantine and the clock evidence live in a real file of the test's own folder, so that the checks
            // which read them never open (or create) the configured Storage:Path.
            services.AddSingleton(_ => new LiteDbMinuteStore(new StorageOptions { Path = Path.Combine(folder, "parts.db") }, time, NullLogger<LiteDbMinuteStore>.Instance));
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs));
        });
        await app.StartAsync();
        return new GatewayServer(app, recording, time, logs, folder);
    }

    /// <summary>GET /api/v1/data with the test key and the given query (without a leading '?').</summary>
    public Task<HttpResponseMessage> GetDataAsync(string query) =>
        Client.GetAsync(new Uri($"/api/v1/data?api_key={Key}&{query}", UriKind.Relative));

    /// <summary>GET /api/v1/data with exactly the given query string.</summary>
    public Task<HttpResponseMessage> GetRawAsync(string query) =>
        Client.GetAsync(new Uri("/api/v1/data?" + query, UriKind.Relative));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}

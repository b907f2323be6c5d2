using System.Collections.Concurrent;
using System.Net;
using Atmo.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Atmo.CloudDouble;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers <c>GET /api/v1/data</c> like the Atmotube Cloud:
/// api_key check (401), per-key fixed-window rate limit aligned to the minute (429 + Retry-After),
/// the contract's parameters and envelope, and the faults of <see cref="Faults"/>. Time comes from
/// the given <see cref="TimeProvider"/>, so a test can share a fake clock with the client.
/// </summary>
public sealed partial class CloudDoubleServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _keys;
    private readonly ConcurrentQueue<CloudRequestLogEntry> _log = new();
    private readonly Lock _windowLock = new();
    private readonly Dictionary<string, (long Minute, int Count)> _windows = new(StringComparer.Ordinal);
    private int _inFlight;
    private int _parked;

    private CloudDoubleServer(WebApplication app, TimeProvider time, IEnumerable<string> keys, int requestsPerMinute)
    {
        _app = app;
        _time = time;
        _keys = new HashSet<string>(keys, StringComparer.Ordinal);
        RequestsPerMinute = requestsPerMinute;
    }

    /// <summary>Starts on 127.0.0.1:<paramref name="port"/> (0: any free port).</summary>
    public static async Task<CloudDoubleServer> StartAsync(TimeProvider timeProvider, IEnumerable<string> apiKeys,
        int requestsPerMinute = 60, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(apiKeys);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        WebApplication app = builder.Build();
        var server = new CloudDoubleServer(app, timeProvider, apiKeys, requestsPerMinute);
        app.MapGet("/api/v1/data", server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public CloudDataSet Data { get; } = new();

    public CloudFaults Faults { get; } = new();

    public int RequestsPerMinute { get; set; }

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<CloudRequestLogEntry> RequestLog => [.. _log];

    /// <summary>Requests being handled now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Requests waiting in <see cref="CloudFaults.SlowResponse"/> (on the TimeProvider).</summary>
    public int Parked => Volatile.Read(ref _parked);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Counts a request in its key's minute window; false when over the limit.</summary>
    private bool TryCountRequest(string key, DateTimeOffset now)
    {
        long minute = now.UtcTicks / TimeSpan.TicksPerMinute;
        lock (_windowLock)
        {
            (long Minute, int Count) window = _windows.GetValueOrDefault(key);
            if (window.Minute != minute)
                window = (minute, 0);
            window.Count++;
            _windows[key] = window;
            return window.Count <= RequestsPerMinute;
        }
    }

    private static int SecondsToNextMinute(DateTimeOffset now)
    {
        return Math.Max(1, (int)Math.Ceiling((MinuteTime.NextMinuteStart(now) - now.UtcDateTime).TotalSeconds));
    }
}

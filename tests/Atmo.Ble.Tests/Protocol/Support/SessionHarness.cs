using Atmo.Ble.Protocol;
using Atmo.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Atmo.Ble.Tests.Protocol.Support;

/// <summary>
/// Runs a <see cref="HistorySession"/> against a scripted link on a <see cref="FakeTimeProvider"/>, advancing fake
/// time in small steps whenever the session waits on it, so its timeouts fire without real waiting.
/// </summary>
public sealed class SessionHarness
{
    /// <summary>The HST time of the real capture in §4.8: 0x6AC3C645 = 2026-10-05T15:46:13Z.</summary>
    public static readonly DateTimeOffset CaptureHstTime = DateTimeOffset.FromUnixTimeSeconds(0x6AC3C645);

    private readonly List<HistoryBatch> _persisted = [];
    private readonly List<HistoryProgress> _progress = [];

    public SessionHarness(DateTimeOffset? now = null)
    {
        Time = new FakeTimeProvider(now ?? CaptureHstTime);
        Clock = new WaitAwareClock(Time);
    }

    public FakeTimeProvider Time { get; }

    /// <summary>The session's clock: <see cref="Time"/>, telling when the session waits on it.</summary>
    public WaitAwareClock Clock { get; }
    public HistorySessionOptions Options { get; } = new();
    public FakeLogger<HistorySession> Logger { get; } = new();
    public EventLog Events { get; } = new();
    public IReadOnlyList<HistoryBatch> Persisted => _persisted;
    public IReadOnlyList<HistoryProgress> Progress => _progress;

    /// <summary>Replaces the default persist (which records the batch and returns at once).</summary>
    public PersistBatch? PersistOverride { get; set; }

    /// <summary>Fake time added per step while the session waits.</summary>
    public TimeSpan Step { get; set; } = TimeSpan.FromMilliseconds(500);

    public ScriptedUartLink Link(Func<byte[], int, IEnumerable<byte[]>> script) => new(Events, script);

    /// <summary>A link whose device answers HST with <paramref name="onRequest"/> and the n-th HOK with <paramref name="onAck"/>(n).</summary>
    public ScriptedUartLink Device(IEnumerable<byte[]> onRequest, Func<int, IEnumerable<byte[]>>? onAck = null) =>
        Link((command, index) => index == 0 ? onRequest : onAck?.Invoke(index - 1) ?? []);

    public Task<HistoryDownloadResult> Start(IUartLink link, CancellationToken cancellationToken = default)
    {
        var session = new HistorySession(Options, Clock, Logger);
        return session.RunAsync(link, PersistAsync, new DirectProgress(_progress, Events), cancellationToken);
    }

    public async Task<HistoryDownloadResult> RunAsync(IUartLink link, CancellationToken cancellationToken = default)
    {
        Task<HistoryDownloadResult> task = Start(link, cancellationToken);
        await DriveAsync(task);
        return await task;
    }

    /// <summary>Advances fake time a step whenever the session waits on it, until <paramref name="task"/> finishes; fails the test if it never does.</summary>
    public async Task DriveAsync(Task task, int maxSteps = 2_000)
    {
        for (int i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            await Clock.WaitingAsync(task);
            if (!task.IsCompleted)
                Time.Advance(Step);
        }

        Assert.True(task.IsCompleted, "the session did not finish");
    }

    private Task PersistAsync(HistoryBatch batch, CancellationToken cancellationToken)
    {
        Events.Add($"persist {batch.Sequence}");
        if (PersistOverride is { } custom)
            return RecordAfter(custom(batch, cancellationToken), batch);
        _persisted.Add(batch);
        Events.Add($"persisted {batch.Sequence}");
        return Task.CompletedTask;
    }

    private async Task RecordAfter(Task persist, HistoryBatch batch)
    {
        await persist;
        _persisted.Add(batch);
        Events.Add($"persisted {batch.Sequence}");
    }

    private sealed class DirectProgress(List<HistoryProgress> progress, EventLog events) : IProgress<HistoryProgress>
    {
        public void Report(HistoryProgress value)
        {
            lock (progress)
                progress.Add(value);
            events.Add($"progress {value.Batches}");
        }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Atmo.Core;
using Microsoft.Extensions.Logging;

namespace Atmo.Sync.Planning;

/// <summary>
/// Remembers days the cloud answered without filling them, so they are asked again only after a
/// back-off: 1 h, then 6 h, then every 24 h, and never again once 7 days have passed since the first
/// such answer. Kept in a small JSON file (written to a temporary file, flushed, then renamed over the
/// old one, so a crash leaves the old or the new state, never half of one).
/// </summary>
public sealed partial class SyncStateStore
{
    /// <summary>After this long answering without data, a day is given up.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(7);

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private SortedDictionary<string, DayBackoff> _days = new(StringComparer.Ordinal);

    public SyncStateStore(string path, ILogger<SyncStateStore> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        Load();
    }

    public string FilePath => _path;

    /// <summary>Delay before asking again after the n-th answer without new data (n ≥ 1).</summary>
    public static TimeSpan BackoffAfter(int emptyAnswers) => emptyAnswers switch
    {
        <= 1 => TimeSpan.FromHours(1),
        2 => TimeSpan.FromHours(6),
        _ => TimeSpan.FromHours(24),
    };

    /// <summary>Days currently backed off or given up.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _days.Count;
        }
    }

    public DayBackoff? Get(MacAddress device, DateOnly day)
    {
        lock (_lock)
            return _days.GetValueOrDefault(Key(device, day));
    }

    /// <summary>True when the day may be asked for now (never answered empty, or its back-off has passed).</summary>
    public bool IsDue(MacAddress device, DateOnly day, DateTimeOffset now)
    {
        DayBackoff? backoff = Get(device, day);
        return backoff is null || !backoff.GivenUp && now >= backoff.NextAskAt;
    }

    /// <summary>
    /// The cloud answered for the day but it still has gaps. Without new data the back-off grows;
    /// with new data (a phone may still be uploading) it starts again at 1 h.
    /// </summary>
    public void RecordAnswer(MacAddress device, DateOnly day, bool gotNewData, DateTimeOffset now)
    {
        lock (_lock)
        {
            string key = Key(device, day);
            DayBackoff? previous = _days.GetValueOrDefault(key);
            DayBackoff next;
            if (previous is null || gotNewData)
            {
                next = new DayBackoff(now, 1, now + BackoffAfter(1), false);
            }
            else
            {
                int answers = previous.EmptyAnswers + 1;
                bool givenUp = now - previous.FirstEmptyAt >= GiveUpAfter;
                next = previous with { EmptyAnswers = answers, NextAskAt = now + BackoffAfter(answers), GivenUp = givenUp };
                if (givenUp)
                    LogGivenUp(device, day, GiveUpAfter.TotalDays);
            }
            _days[key] = next;
        }
    }

    /// <summary>The day has no gap any more.</summary>
    public void Clear(MacAddress device, DateOnly day)
    {
        lock (_lock)
            _days.Remove(Key(device, day));
    }

    /// <summary>Forgets days before the horizon.</summary>
    public void Prune(DateOnly horizonStart)
    {
        lock (_lock)
        {
            foreach (string key in _days.Keys.Where(k => DayOf(k) < horizonStart).ToList())
                _days.Remove(key);
        }
    }

    /// <summary>Writes the state atomically: temporary file in the same folder, flushed, renamed.</summary>
    public void Save()
    {
        Dictionary<string, DayBackoff> snapshot;
        lock (_lock)
            snapshot = new Dictionary<string, DayBackoff>(_days, StringComparer.Ordinal);
        string? folder = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        string temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, new StateFile(1, snapshot), JsonOptions);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, _path, overwrite: true);
    }

    private void Load()
    {
        if (!File.Exists(_path))
            return;
        try
        {
            using FileStream stream = File.OpenRead(_path);
            StateFile? file = JsonSerializer.Deserialize<StateFile>(stream, JsonOptions);
            if (file?.Days is not null)
                _days = new SortedDictionary<string, DayBackoff>(file.Days, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
        {
            // Losing the back-off only costs a few extra requests; never refuse to start for it.
            LogStateUnreadable(_path, e.Message);
        }
    }

    private static string Key(MacAddress device, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{device.ToCompactString()}/{day:yyyy-MM-dd}");

    private static DateOnly DayOf(string key) =>
        DateOnly.ParseExact(key.AsSpan(key.IndexOf('/', StringComparison.Ordinal) + 1), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record StateFile(
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("days")] Dictionary<string, DayBackoff> Days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Giving up asking the cloud for {Device} on {Day}: no new data for {Days} days.")]
    private partial void LogGivenUp(MacAddress device, DateOnly day, double days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cloud sync state {Path} is unreadable ({Reason}); starting with an empty back-off list.")]
    private partial void LogStateUnreadable(string path, string reason);
}

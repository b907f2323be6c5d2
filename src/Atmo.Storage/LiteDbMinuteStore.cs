using Atmo.Core;
using Microsoft.Extensions.Logging;

namespace Atmo.Storage;

/// <summary>The minute store on one LiteDB file. (Being written on branch feat/storage.)</summary>
public sealed class LiteDbMinuteStore : IMinuteStore, IDisposable
{
    public LiteDbMinuteStore(StorageOptions options, TimeProvider timeProvider, ILogger<LiteDbMinuteStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
    }

    public WriteResult Write(IReadOnlyCollection<MinuteRecord> batch) => throw new NotImplementedException();
    public MinutePage Query(MinuteQuery query) => throw new NotImplementedException();
    public IReadOnlyList<DateTime> StoredMinutes(MacAddress device, DateTime from, DateTime to) => throw new NotImplementedException();
    public IReadOnlyList<MacAddress> Devices() => throw new NotImplementedException();
    public DeviceStats GetStats(MacAddress device) => throw new NotImplementedException();
    public DateTime? NewestMinute() => throw new NotImplementedException();
    public long DeleteOlderThan(DateTime cutoff) => throw new NotImplementedException();
    public void Dispose() { }
}

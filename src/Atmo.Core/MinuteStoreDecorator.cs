namespace Atmo.Core;

/// <summary>
/// A store that passes every call to another one; derived classes override only what they watch or change
/// (tests and benchmarks record writes, inject crashes, measure lag). It reports the inner store's health.
/// </summary>
public abstract class MinuteStoreDecorator(IMinuteStore inner) : IMinuteStore, IStoreHealth
{
    public IMinuteStore Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public virtual WriteResult Write(IReadOnlyCollection<MinuteRecord> batch) => Inner.Write(batch);

    public virtual MinutePage Query(MinuteQuery query) => Inner.Query(query);

    public virtual MinuteStream StreamQuery(MinuteQuery query) => Inner.StreamQuery(query);

    public virtual IReadOnlyList<DateTime> StoredMinutes(MacAddress device, DateTime from, DateTime to) => Inner.StoredMinutes(device, from, to);

    public virtual IReadOnlyList<MacAddress> Devices() => Inner.Devices();

    public virtual DeviceStats GetStats(MacAddress device) => Inner.GetStats(device);

    public virtual DateTime? NewestMinute() => Inner.NewestMinute();

    public virtual long DeleteOlderThan(DateTime cutoff) => Inner.DeleteOlderThan(cutoff);

    public virtual StoreCondition Condition => Inner is IStoreHealth health ? health.Condition : StoreCondition.Healthy;
}

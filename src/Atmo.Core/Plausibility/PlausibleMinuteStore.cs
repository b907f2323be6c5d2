namespace Atmo.Core.Plausibility;

/// <summary>
/// The gate every write passes on its way to the store, whatever the path (live, history, cloud, import): minutes
/// <see cref="PlausibleTime"/> refuses are not written, values <see cref="PlausibleValues"/> refuses are dropped from
/// their minute, and both are counted per device (<see cref="Counts"/>, a metric) and reported in the
/// <see cref="WriteResult"/>. Callers that must log or route such records (the history download) judge them first
/// with the same two rules; this gate makes sure no path can forget to.
/// </summary>
public sealed class PlausibleMinuteStore(IMinuteStore inner, TimeProvider time) : MinuteStoreDecorator(inner)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<MacAddress, AdmissionCounts> _counts = [];

    /// <summary>Per device, what was refused or dropped since start.</summary>
    public IReadOnlyDictionary<MacAddress, AdmissionCounts> Counts
    {
        get
        {
            lock (_lock)
                return new Dictionary<MacAddress, AdmissionCounts>(_counts);
        }
    }

    public override WriteResult Write(IReadOnlyCollection<MinuteRecord> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        DateTimeOffset now = time.GetUtcNow();
        List<MinuteRecord>? admitted = null; // only allocated once something is kept out
        int refused = 0, dropped = 0, index = 0;
        foreach (MinuteRecord record in batch)
        {
            MinuteTimeVerdict verdict = PlausibleTime.Judge(record.Time, now);
            MinuteField bad = verdict == MinuteTimeVerdict.Plausible ? PlausibleValues.Implausible(record) : MinuteField.None;
            if (verdict != MinuteTimeVerdict.Plausible || bad != MinuteField.None)
            {
                admitted ??= [.. batch.Take(index)];
                Count(record.Device, verdict, PlausibleValues.Count(bad));
                if (verdict == MinuteTimeVerdict.Plausible)
                {
                    admitted.Add(PlausibleValues.Without(record, bad));
                    dropped += PlausibleValues.Count(bad);
                }
                else
                {
                    refused++;
                }
            }
            else
            {
                admitted?.Add(record);
            }

            index++;
        }

        if (admitted is null)
            return Inner.Write(batch);
        WriteResult result = admitted.Count == 0 ? WriteResult.Empty : Inner.Write(admitted);
        return result with { Refused = refused, ValuesDropped = dropped };
    }

    private void Count(MacAddress device, MinuteTimeVerdict verdict, int values)
    {
        lock (_lock)
        {
            AdmissionCounts counts = _counts.GetValueOrDefault(device, AdmissionCounts.None);
            _counts[device] = counts with
            {
                FutureMinutes = counts.FutureMinutes + (verdict == MinuteTimeVerdict.TooLate ? 1 : 0),
                EarlyMinutes = counts.EarlyMinutes + (verdict == MinuteTimeVerdict.TooEarly ? 1 : 0),
                Values = counts.Values + values,
            };
        }
    }
}

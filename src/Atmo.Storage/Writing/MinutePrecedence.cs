using Atmo.Core;
using Atmo.Storage.Encoding;

namespace Atmo.Storage.Writing;

/// <summary>
/// The precedence rule of design.md: history or cloud replaces live; live replaces live; history
/// and cloud never replace history or cloud (first one wins) and a different value is a
/// disagreement; identical data changes nothing. One addition: a cloud minute stored without exact
/// values (by a release before they were kept) takes the exact values of the same minute re-sent by
/// the cloud, so importing saved responses again restores the cloud's own numbers.
/// </summary>
internal static class MinutePrecedence
{
    public static void Apply(DeviceBatch device, IncomingMinute incoming, WriteTally tally)
    {
        HourBlock block = device.GetOrCreate(incoming.Minute);
        int slot = incoming.Slot;
        if (!block.Has(slot))
        {
            block.Set(slot, incoming.Source, incoming.Mask, incoming.Values, incoming.ExactMask, incoming.Exact);
            device.Counters.Insert(incoming.Source, incoming.Minute);
            device.MarkChanged(block, incoming.Minute);
            tally.Inserted++;
            return;
        }

        MinuteSource stored = block.SourceAt(slot);
        bool sameValues = block.HasSameValues(slot, incoming.Mask, incoming.Values);
        if (!stored.IsDeviceAverage())
        {
            if (incoming.Source == MinuteSource.Live && sameValues)
            {
                tally.Unchanged++;
                return;
            }

            block.Set(slot, incoming.Source, incoming.Mask, incoming.Values, incoming.ExactMask, incoming.Exact);
            device.Counters.Replace(stored, incoming.Source);
            device.MarkChanged(block, incoming.Minute);
            tally.Replaced++;
            return;
        }

        tally.Unchanged++;
        if (sameValues && stored == incoming.Source && incoming.ExactMask != 0 && !block.HasExactValues(slot))
        {
            block.SetExact(slot, incoming.ExactMask, incoming.Exact);
            device.MarkChanged(block, incoming.Minute);
        }

        if (!incoming.Source.IsDeviceAverage() || sameValues)
            return;

        tally.Disagreements.Add(new Disagreement(block.ToRecord(device.Device, slot), incoming.Record));
        // Counted once per minute, so re-sending the same conflicting data changes nothing.
        if (!block.DisagreementCountedAt(slot))
        {
            block.MarkDisagreementCounted(slot);
            device.Counters.Disagreements++;
            device.MarkDirty(block);
        }
    }
}

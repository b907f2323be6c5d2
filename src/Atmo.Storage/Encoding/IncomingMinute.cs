using Atmo.Core;

namespace Atmo.Storage.Encoding;

/// <summary>A validated record of a batch with its values already scaled and rounded (and the exact ones kept, see <see cref="ScaledValues"/>).</summary>
internal sealed class IncomingMinute(MinuteRecord record, long minute, ushort mask, int[] values, ushort exactMask, double[] exact)
{
    public MinuteRecord Record { get; } = record;
    public long Minute { get; } = minute;
    public int Hour => MinuteClock.HourOf(Minute);
    public int Slot => MinuteClock.SlotOf(Minute);
    public MinuteSource Source => Record.Source;
    public ushort Mask { get; } = mask;
    public int[] Values { get; } = values;

    /// <summary>Fields whose exact double is kept beside the scaled value (bit f = field f).</summary>
    public ushort ExactMask { get; } = exactMask;

    /// <summary>The exact doubles, at their field index.</summary>
    public double[] Exact { get; } = exact;
}

using System.Globalization;
using Atmo.Core;
using Atmo.Storage.Encoding;

namespace Atmo.Storage;

/// <summary>Checks a whole batch before the store touches the file: a bad record rejects the batch.</summary>
internal static class BatchValidator
{
    /// <exception cref="ArgumentException">A record is null, not at a UTC minute start, before 1970,
    /// of an unknown source, or has a NaN, infinite or unstorably large value. The message names it.</exception>
    public static IncomingMinute[] Validate(IReadOnlyCollection<MinuteRecord> batch)
    {
        var result = new IncomingMinute[batch.Count];
        int index = 0;
        foreach (MinuteRecord? record in batch)
        {
            string? error = Check(record, out IncomingMinute? minute);
            if (error is not null)
                throw new ArgumentException($"Record {index} of the batch {Describe(record)}: {error}. Nothing was written.", nameof(batch));
            result[index++] = minute!;
        }

        return result;
    }

    private static string? Check(MinuteRecord? record, out IncomingMinute? minute)
    {
        minute = null;
        if (record is null)
            return "is null";
        if (!MinuteTime.IsMinuteStart(record.Time))
            return "time must be a UTC minute start (DateTimeKind.Utc, zero seconds)";
        if (record.Time < DateTime.UnixEpoch)
            return "time is before 1970";
        if (!Enum.IsDefined(record.Source))
            return $"source {(int)record.Source} is unknown";

        int[] values = new int[ScaledValues.FieldCount];
        double[] exact = new double[ScaledValues.FieldCount];
        ushort mask = ScaledValues.Encode(record, values, exact, out ushort exactMask, out string? error);
        if (error is not null)
            return error;
        minute = new IncomingMinute(record, MinuteClock.ToMinute(record.Time), mask, values, exactMask, exact);
        return null;
    }

    private static string Describe(MinuteRecord? record) =>
        record is null
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"(device {record.Device}, time {record.Time:O}, {record.Time.Kind})");
}

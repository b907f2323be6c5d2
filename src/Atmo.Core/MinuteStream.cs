namespace Atmo.Core;

/// <param name="Total">Records matching the range before offset and limit.</param>
/// <param name="Items">The page in the query's order, produced as it is enumerated; enumerate it once.</param>
public sealed record MinuteStream(int Total, IEnumerable<StoredMinute> Items)
{
    public static readonly MinuteStream Empty = new(0, []);

    /// <summary>The whole page as records of <paramref name="device"/> (for <see cref="IMinuteStore.Query"/>).</summary>
    public MinutePage ToPage(MacAddress device) => new(Total, [.. Items.Select(minute => minute.ToRecord(device))]);

    /// <summary>A page already in memory, as a stream (stores that hold records as objects).</summary>
    public static MinuteStream Of(MinutePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new(page.Total, page.Items.Select(StoredMinute.Of));
    }
}

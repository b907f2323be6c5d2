using Atmo.Core;

namespace Atmo.Gateway.Data;

/// <summary>Whole UTC days, both inclusive.</summary>
public readonly record struct DayRange(DateOnly First, DateOnly Last)
{
    /// <summary>The last minute start a <see cref="DateTime"/> can hold: the exclusive end of "all time".</summary>
    public static readonly DateTime EndOfTime = MinuteTime.Floor(DateTime.MaxValue);

    /// <summary>Midnight UTC starting <see cref="First"/>.</summary>
    public DateTime From => First.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>Midnight UTC after <see cref="Last"/> (exclusive); <see cref="EndOfTime"/> for the last representable day.</summary>
    public DateTime To => Last == DateOnly.MaxValue ? EndOfTime : Last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}

namespace Atmo.Sync.Planning;

/// <summary>Whole UTC days <see cref="Start"/>…<see cref="End"/>, both inclusive (the API's start_date/end_date).</summary>
public readonly record struct DateRange(DateOnly Start, DateOnly End)
{
    public int Days => End.DayNumber - Start.DayNumber + 1;

    public IEnumerable<DateOnly> EachDay()
    {
        for (DateOnly day = Start; day <= End; day = day.AddDays(1))
            yield return day;
    }

    public override string ToString() => Start == End ? $"{Start:yyyy-MM-dd}" : $"{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}";
}

namespace Atmo.Sync.Planning;

/// <summary>A UTC day with <see cref="MissingMinutes"/> minutes not in the store.</summary>
public readonly record struct DayGap(DateOnly Day, int MissingMinutes);

namespace Atmo.Sync.Planning;

/// <param name="FirstEmptyAt">When the cloud first answered this day without filling it.</param>
/// <param name="EmptyAnswers">Answers without new data since then.</param>
/// <param name="NextAskAt">Earliest time to ask again.</param>
/// <param name="GivenUp">True once <see cref="SyncStateStore.GiveUpAfter"/> has passed: never asked again.</param>
public sealed record DayBackoff(DateTimeOffset FirstEmptyAt, int EmptyAnswers, DateTimeOffset NextAskAt, bool GivenUp);

namespace Atmo.Core;

public sealed record Disagreement(MinuteRecord Stored, MinuteRecord Incoming);

using Atmo.Core;

namespace Atmo.Bench.Scale;

/// <param name="Lag">Age of the oldest minute this batch delivered (its minute start), when it was stored.</param>
/// <param name="Minutes">New minutes in the batch.</param>
internal sealed record LagSample(MacAddress Device, DateTimeOffset At, TimeSpan Lag, int Minutes);

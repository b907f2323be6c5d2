using Atmo.Core;

namespace Atmo.Gateway.Health;

/// <param name="AgeMinutes">Minutes between the newest stored minute and now.</param>
public sealed record DeviceFreshness(MacAddress Device, DateTime? LastMinute, long? AgeMinutes);

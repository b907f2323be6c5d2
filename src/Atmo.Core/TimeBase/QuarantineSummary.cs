namespace Atmo.Core.TimeBase;

/// <summary>One device's quarantined batches at a glance.</summary>
public sealed record QuarantineSummary(MacAddress Device, int Batches, int Minutes, DateTimeOffset FirstReceived, DateTimeOffset LastReceived);

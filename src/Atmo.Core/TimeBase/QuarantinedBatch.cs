namespace Atmo.Core.TimeBase;

/// <summary>
/// A history batch whose times could not be trusted, kept as the device stamped it until someone decides its shift.
/// </summary>
/// <param name="Id">Assigned by the quarantine (0 before it is added); ascending in order of arrival.</param>
/// <param name="ReceivedAt">The host's clock when the batch was acknowledged.</param>
/// <param name="RequestTime">The HST time of the session: the device back-dates from it (protocol §4.5).</param>
/// <param name="FirstRecordTime">The device's own time of the first record (HT), to the second.</param>
/// <param name="Records">The minutes at the device's own times (floored), in stored units.</param>
/// <param name="Reason">Why the times were not trusted, for a person.</param>
public sealed record QuarantinedBatch(
    long Id,
    MacAddress Device,
    DateTimeOffset ReceivedAt,
    DateTimeOffset RequestTime,
    DateTimeOffset FirstRecordTime,
    IReadOnlyList<MinuteRecord> Records,
    string Reason);

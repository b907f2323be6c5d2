namespace Atmo.Bench.Scale;

/// <param name="Lags">Sync lag of every visit after the warm-up (steady state).</param>
/// <param name="StartupLagMax">Largest lag of the visits in the warm-up (the backlog of the first round).</param>
/// <param name="VisitsPerHour">Visits that delivered new minutes per device hour, after the warm-up.</param>
/// <param name="RadioBusy">Share of the time after the warm-up with a connection open (discovery paused).</param>
/// <param name="UnitsNeverSynced">Units without any completed visit after the warm-up.</param>
/// <param name="MissingMinutes">Minutes a unit marked synced that are not stored as history: lost.</param>
/// <param name="Failures">Failed visits (collector counter).</param>
/// <param name="CpuSeconds">CPU time of this process (emulator + collector + store) during the run.</param>
internal sealed record ScaleResult(
    ScaleSettings Settings,
    IReadOnlyList<TimeSpan> Lags,
    TimeSpan StartupLagMax,
    double VisitsPerHour,
    double RadioBusy,
    int UnitsNeverSynced,
    int MissingMinutes,
    long Failures,
    double CpuSeconds,
    TimeSpan RealTime);

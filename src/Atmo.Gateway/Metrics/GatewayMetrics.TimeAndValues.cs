using Atmo.Collector.Status;
using Atmo.Core;
using Atmo.Core.Plausibility;
using Atmo.Core.TimeBase;
using Prometheus;

namespace Atmo.Gateway.Metrics;

public sealed partial class GatewayMetrics
{
    /// <summary>
    /// What the time and value rules kept out of the store, per device: minutes refused by the store's gate (any
    /// path), history minutes whose device time was refused (held, then quarantined or re-anchored), values dropped,
    /// and what the quarantine holds now. Read at scrape time; devices labelled as <c>Metrics:DeviceLabels</c> says.
    /// </summary>
    private sealed class TimeAndValueSeries(IMetricFactory factory)
    {
        private readonly Gauge _refused = factory.CreateGauge("atmo_minutes_refused_total", "Minutes refused since start because their time was implausible (reason future: later than now + 1 min; early: before 2016), by device.", ["device", "reason"]);
        private readonly Gauge _historyRefused = factory.CreateGauge("atmo_history_minutes_time_refused_total", "History minutes whose device time was refused since start (quarantined or re-anchored, never stored as stamped), by device.", ["device"]);
        private readonly Gauge _dropped = factory.CreateGauge("atmo_values_dropped_total", "Single values dropped as implausible since start (the rest of their minute was kept), by device.", ["device"]);
        private readonly Gauge _quarantined = factory.CreateGauge("atmo_history_quarantined_minutes", "History minutes in the quarantine now, by device.", ["device"]);

        public void Refresh(IServiceProvider services, DeviceLabeler labels)
        {
            if (services.GetService<PlausibleMinuteStore>() is { } gate)
            {
                foreach ((MacAddress device, AdmissionCounts counts) in gate.Counts)
                {
                    _refused.WithLabels(labels.Label(device), "future").Set(counts.FutureMinutes);
                    _refused.WithLabels(labels.Label(device), "early").Set(counts.EarlyMinutes);
                    _dropped.WithLabels(labels.Label(device)).Set(counts.Values);
                }
            }

            if (services.GetService<ICollectorStatus>() is { } collector)
            {
                // From the collector's status: a device it forgot leaves the series too.
                Clear(_historyRefused);
                foreach (DeviceState device in collector.Devices.Where(d => d.TimeRefusedMinutes > 0))
                    _historyRefused.WithLabels(labels.Label(device.Address)).Set(device.TimeRefusedMinutes);
            }

            if (services.GetService<IHistoryQuarantine>() is { } quarantine)
            {
                Clear(_quarantined);
                foreach (QuarantineSummary summary in quarantine.Summary())
                    _quarantined.WithLabels(labels.Label(summary.Device)).Set(summary.Minutes);
            }
        }

        private static void Clear(Gauge gauge)
        {
            foreach (string[] stale in gauge.GetAllLabelValues().ToList())
                gauge.RemoveLabelled(stale);
        }
    }
}

using Atmo.Collector.Status;
using Prometheus;

namespace Atmo.Gateway.Metrics;

public sealed partial class GatewayMetrics
{
    /// <summary>The collector's state (<see cref="ICollectorStatus"/>), read at scrape time.</summary>
    private sealed class CollectorSeries(IMetricFactory factory)
    {
        private static readonly CounterConfiguration Lazy = new() { SuppressInitialValue = true };

        private readonly Gauge _blueZReachable = factory.CreateGauge("atmo_collector_bluez_reachable", "1 while bluetoothd answers on D-Bus.");
        private readonly Gauge _adapterPowered = factory.CreateGauge("atmo_collector_adapter_powered", "1 while the collector's adapter is present and powered.");
        private readonly Gauge _scanning = factory.CreateGauge("atmo_collector_discovering", "1 while discovery runs (0 while paused for a connection).");
        private readonly Counter _advertisements = factory.CreateCounter("atmo_collector_advertisements_total", "Decoded Atmotube advertisements.", Lazy);
        private readonly Counter _liveMinutes = factory.CreateCounter("atmo_collector_live_minutes_written_total", "Live minutes written.", Lazy);
        private readonly Counter _batches = factory.CreateCounter("atmo_collector_history_batches_stored_total", "History batches stored (then acknowledged, unless observe-only).", Lazy);
        private readonly Counter _records = factory.CreateCounter("atmo_collector_history_records_stored_total", "History records stored.", Lazy);
        private readonly Counter _sessions = factory.CreateCounter("atmo_collector_history_sessions_total", "History download sessions.", Lazy);
        private readonly Counter _failures = factory.CreateCounter("atmo_collector_history_failures_total", "History visits that failed (nothing unstored was acknowledged).", Lazy);
        private readonly Counter _watchdog = factory.CreateCounter("atmo_collector_watchdog_actions_total", "Recovery steps taken by the collector's watchdog.", Lazy);
        private readonly Gauge _advertisementAge = factory.CreateGauge("atmo_device_last_advertisement_age_seconds", "Seconds since the device's last advertisement.", ["device"]);
        private readonly Gauge _syncAge = factory.CreateGauge("atmo_device_last_history_sync_age_seconds", "Seconds since the device's last history download.", ["device"]);
        private readonly Gauge _battery = factory.CreateGauge("atmo_device_battery_percent", "Battery level from the device's latest advertisement.", ["device"]);
        private readonly Gauge _rssi = factory.CreateGauge("atmo_device_rssi_dbm", "Signal strength of the device's latest advertisement.", ["device"]);
        private readonly Gauge _failing = factory.CreateGauge("atmo_device_consecutive_failures", "Failed visits in a row (0 after a success).", ["device"]);
        private HashSet<string> _shown = [];

        public void Refresh(ICollectorStatus status, DeviceLabeler labels, DateTimeOffset now)
        {
            AdapterState adapter = status.Adapter;
            _blueZReachable.Set(status.BlueZReachable ? 1 : 0);
            _adapterPowered.Set(adapter.Present && adapter.Powered ? 1 : 0);
            _scanning.Set(adapter.Scanning && !adapter.PausedForConnection ? 1 : 0);

            CollectorCounters counters = status.Counters;
            Publish(_advertisements, counters.Advertisements);
            Publish(_liveMinutes, counters.LiveMinutesWritten);
            Publish(_batches, counters.HistoryBatchesStored);
            Publish(_records, counters.HistoryRecordsStored);
            Publish(_sessions, counters.HistorySessions);
            Publish(_failures, counters.HistoryFailures);
            Publish(_watchdog, counters.WatchdogActions);

            var shown = new HashSet<string>(StringComparer.Ordinal);
            foreach (DeviceState device in status.Devices)
            {
                string mac = labels.Label(device.Address);
                shown.Add(mac);
                _failing.WithLabels(mac).Set(device.ConsecutiveFailures);
                if (device.LastAdvertisement is { } seen)
                    _advertisementAge.WithLabels(mac).Set(Math.Max(0, (now - seen).TotalSeconds));
                if (device.LastHistorySync is { } synced)
                    _syncAge.WithLabels(mac).Set(Math.Max(0, (now - synced).TotalSeconds));
                if (device.BatteryPercent is { } battery)
                    _battery.WithLabels(mac).Set(battery);
                if (device.Rssi is { } rssi)
                    _rssi.WithLabels(mac).Set(rssi);
            }

            // A device the collector forgot leaves /metrics too: its series would otherwise stay for the process's life.
            foreach (string gone in _shown.Except(shown))
            {
                foreach (Gauge gauge in (Gauge[])[_failing, _advertisementAge, _syncAge, _battery, _rssi])
                    gauge.RemoveLabelled(gone);
            }

            _shown = shown;
        }

        private static void Publish(Counter counter, long value)
        {
            counter.IncTo(value);
            counter.Publish();
        }
    }
}

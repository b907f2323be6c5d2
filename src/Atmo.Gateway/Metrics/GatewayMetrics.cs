using Atmo.Collector.Status;
using Atmo.Core;
using Atmo.Storage;
using Atmo.Sync;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Atmo.Gateway.Metrics;

/// <summary>
/// The daemon's Prometheus registry, scraped at <c>/metrics</c>: HTTP requests (prometheus-net's
/// middleware), storage and sync state read at scrape time, and every <c>System.Diagnostics.Metrics</c>
/// meter whose name starts with <c>Atmo.</c> (BLE, storage write latency, the collector) bridged
/// through prometheus-net's <see cref="MeterAdapter"/>. One registry per app, so tests do not share state.
/// </summary>
public sealed partial class GatewayMetrics : IDisposable
{
    private readonly IServiceProvider _services;
    private readonly IDisposable _meterAdapter;

    private readonly Gauge _databaseBytes;
    private readonly Gauge _devices;
    private readonly Gauge _records;
    private readonly Gauge _disagreements;
    private readonly Gauge _syncEnabled;
    private readonly Gauge _syncRequestsThisMinute;
    private readonly Gauge _syncRequestsLastPass;
    private readonly Counter _syncMinutesFilled;
    private readonly Gauge _syncRangesPending;
    private readonly Gauge _syncCircuit;
    private readonly CollectorSeries _collector;
    private readonly TimeAndValueSeries _timeAndValues;

    /// <param name="services">The store, the storage options and the sync status are resolved at scrape time, not when the pipeline is built (before options are validated).</param>
    public GatewayMetrics(IServiceProvider services)
    {
        _services = services;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        IMetricFactory factory = Prometheus.Metrics.WithCustomRegistry(Registry);

        factory.CreateGauge("atmo_build_info", "Version of the running gateway (value 1).", ["version"]).WithLabels(BuildInfo.Version).Set(1);
        _databaseBytes = factory.CreateGauge("atmo_storage_database_bytes", "Size of the LiteDB database file and its -log file.");
        _devices = factory.CreateGauge("atmo_storage_devices", "Devices with at least one stored minute.");
        _records = factory.CreateGauge("atmo_storage_records", "Stored minutes by device (labelled as Metrics:DeviceLabels says) and source (live, history, cloud).", ["device", "source"]);
        _disagreements = factory.CreateGauge("atmo_storage_disagreements", "History/cloud minutes that disagreed with the stored one (the stored one was kept), by device.", ["device"]);
        _syncEnabled = factory.CreateGauge("atmo_sync_enabled", "1 when cloud sync has an API key, 0 when disabled; absent when sync is not part of this process.", new GaugeConfiguration { SuppressInitialValue = true });
        _syncRequestsThisMinute = factory.CreateGauge("atmo_sync_requests_this_minute", "Cloud requests let through by the rate limiter in the current wall-clock minute.", new GaugeConfiguration { SuppressInitialValue = true });
        _syncRequestsLastPass = factory.CreateGauge("atmo_sync_requests_last_pass", "Cloud requests sent by the last finished sync pass.", new GaugeConfiguration { SuppressInitialValue = true });
        _syncMinutesFilled = factory.CreateCounter("atmo_sync_minutes_filled_total", "Minutes filled from the cloud since the process started.", new CounterConfiguration { SuppressInitialValue = true });
        _syncRangesPending = factory.CreateGauge("atmo_sync_ranges_pending", "Ranges planned by the last pass that it did not complete.", new GaugeConfiguration { SuppressInitialValue = true });
        _syncCircuit = factory.CreateGauge("atmo_sync_circuit_state", "Circuit breaker of the cloud client: 1 for the current state.", ["state"]);
        _collector = new CollectorSeries(factory);
        _timeAndValues = new TimeAndValueSeries(factory);
        Registry.AddBeforeCollectCallback(Refresh);

        _meterAdapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = factory, // a set factory wins over Registry, and the default one is the global registry
            InstrumentFilterPredicate = instrument => instrument.Meter.Name.StartsWith("Atmo.", StringComparison.Ordinal),
        });
    }

    public CollectorRegistry Registry { get; }

    private void Refresh()
    {
        _databaseBytes.Set(DatabaseFiles.SizeOf(_services.GetRequiredService<IOptions<StorageOptions>>().Value.Path));
        IMinuteStore store = _services.GetRequiredService<IMinuteStore>();
        DeviceLabeler labels = _services.GetRequiredService<DeviceLabeler>();
        IReadOnlyList<MacAddress> devices = store.Devices();
        _devices.Set(devices.Count);
        foreach (MacAddress device in devices)
        {
            DeviceStats stats = store.GetStats(device);
            string label = labels.Label(device);
            _records.WithLabels(label, "live").Set(stats.Live);
            _records.WithLabels(label, "history").Set(stats.History);
            _records.WithLabels(label, "cloud").Set(stats.Cloud);
            _disagreements.WithLabels(label).Set(stats.Disagreements);
        }

        if (_services.GetService<ISyncStatus>() is { } sync)
        {
            _syncEnabled.Set(sync.Enabled ? 1 : 0);
            _syncRequestsThisMinute.Set(sync.RequestsThisMinute);
            _syncRequestsLastPass.Set(sync.LastSummary?.RequestsSent ?? 0);
            _syncMinutesFilled.IncTo(sync.MinutesFilled);
            _syncMinutesFilled.Publish();
            _syncRangesPending.Set(sync.RangesPending);
            foreach (string state in (string[])["Closed", "Open", "HalfOpen", "Isolated"])
                _syncCircuit.WithLabels(state).Set(state == sync.CircuitState ? 1 : 0);
        }

        if (_services.GetService<ICollectorStatus>() is { } collector)
            _collector.Refresh(collector, labels, _services.GetRequiredService<TimeProvider>().GetUtcNow());
        _timeAndValues.Refresh(_services, labels);
    }

    public void Dispose() => _meterAdapter.Dispose();
}

using Atmo.Collector.Hosting;
using Atmo.Collector.Options;
using Atmo.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atmo.Collector.Tests.Options;

public class CollectorOptionsValidatorTests
{
    private static CollectorOptions Bind(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCollector(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();
        // Apply the registered binding without validating, so the validator's messages can be examined.
        var options = new CollectorOptions();
        foreach (IConfigureOptions<CollectorOptions> configure in provider.GetServices<IConfigureOptions<CollectorOptions>>())
            configure.Configure(options);
        return options;
    }

    private static IReadOnlyList<string> Errors(CollectorOptions options) =>
        new CollectorOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Defaults_collect_every_atmotube_and_sync_hourly_with_acknowledge()
    {
        CollectorOptions options = Bind([]);

        Assert.Empty(options.Devices);
        Assert.True(options.EffectiveAutoDiscover);
        Assert.Equal(60, options.History.IntervalMinutes);
        Assert.True(options.History.Acknowledge);
        Assert.Null(options.Ble.Adapter);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Ble.WatchdogSilence);
        Assert.Equal(TimeSpan.FromHours(2), options.Ble.LiveWriteInterval);
        Assert.Equal(20_000, options.Ble.UnstoredLiveLimit);
        Assert.Empty(Errors(options));
    }

    [Fact]
    public void Configured_devices_bind_with_fixed_names_and_turn_auto_discovery_off()
    {
        CollectorOptions options = Bind(new()
        {
            ["Devices:0:Mac"] = "c2:2b:4f:11:22:33",
            ["Devices:0:Name"] = "classroom 3",
            ["Devices:0:Latitude"] = "52.52",
            ["Devices:0:Longitude"] = "13.405",
            ["Devices:1:Mac"] = "E0DD00000001",
            ["Ble:Adapter"] = "hci1",
            ["History:IntervalMinutes"] = "30",
            ["History:Acknowledge"] = "false",
        });

        Assert.Empty(Errors(options));
        Assert.False(options.EffectiveAutoDiscover);
        Assert.Equal("hci1", options.Ble.Adapter);
        Assert.Equal(30, options.History.IntervalMinutes);
        Assert.False(options.History.Acknowledge);
        DeviceOptions first = options.DevicesByAddress()[MacAddress.Parse("C2:2B:4F:11:22:33")];
        Assert.Equal("classroom 3", first.Name);
        Assert.Equal(52.52, first.Latitude);
        Assert.Equal(13.405, first.Longitude);
        Assert.True(options.DevicesByAddress().ContainsKey(MacAddress.Parse("E0:DD:00:00:00:01")));
    }

    [Fact]
    public void Auto_discovery_can_be_forced_on_beside_configured_devices()
    {
        CollectorOptions options = Bind(new() { ["Devices:0:Mac"] = "C2:2B:4F:11:22:33", ["Ble:AutoDiscover"] = "true" });

        Assert.True(options.EffectiveAutoDiscover);
    }

    [Fact]
    public void Connect_tuning_is_read_from_Ble_Central()
    {
        CollectorOptions options = Bind(new() { ["Ble:Central:ServicesResolvedTimeout"] = "00:00:40", ["Ble:Central:ConnectAttempts"] = "5" });

        Assert.Equal(TimeSpan.FromSeconds(40), options.Central.ServicesResolvedTimeout);
        Assert.Equal(5, options.Central.ConnectAttempts);
        Assert.Empty(Errors(options));
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Devices:0:Mac", "not-a-mac", "Devices:0:Mac 'not-a-mac' is not a Bluetooth address" },
        { "Devices:0:Latitude", "91", "Devices:0:Latitude 91 is outside" },
        { "History:IntervalMinutes", "0", "History:IntervalMinutes 0 is outside 1…1440" },
        { "Ble:Adapter", "wlan0", "Ble:Adapter 'wlan0' is neither" },
        { "Ble:WatchdogSilence", "-00:00:01", "Ble:WatchdogSilence must be positive" },
        { "Ble:Central:ScanBeforeConnectTimeout", "00:00:00", "Ble:Central:ScanBeforeConnectTimeout must be positive" },
        { "Ble:Central:RetryDelay", "-00:00:01", "Ble:Central:RetryDelay must not be negative" },
        { "Ble:LiveWriteInterval", "1.00:00:01", "Ble:LiveWriteInterval 1.00:00:01 must lie in 00:00:00…1.00:00:00" },
        { "Ble:LiveWriteInterval", "-00:01:00", "Ble:LiveWriteInterval -00:01:00 must lie in" },
        { "Ble:UnstoredLiveLimit", "99", "Ble:UnstoredLiveLimit 99 must lie in 100…1000000" },
        { "Ble:MaxAutoDiscovered", "0", "Ble:MaxAutoDiscovered 0 is outside 1…1000" },
        { "Ble:FailingDeviceHold", "00:06:00", "Ble:FailingDeviceHold 00:06:00 must lie in 00:00:30…Ble:MaxConnectionHold (00:05:00)" },
        { "Ble:ForgetAfter", "00:05:00", "Ble:ForgetAfter 00:05:00 is shorter than Ble:AbsenceThreshold" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Bad_settings_fail_with_a_message_naming_the_key(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { ["Devices:0:Mac"] = "C2:2B:4F:11:22:33", ["Devices:0:Longitude"] = "13", ["Devices:0:Latitude"] = "52" };
        settings[key] = value;

        Assert.Contains(Errors(Bind(settings)), e => e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_devices_missing_macs_and_half_positions_are_reported_together()
    {
        IReadOnlyList<string> errors = Errors(Bind(new()
        {
            ["Devices:0:Mac"] = "C2:2B:4F:11:22:33",
            ["Devices:1:Mac"] = "c2-2b-4f-11-22-33",
            ["Devices:2:Name"] = "no address",
            ["Devices:3:Mac"] = "C2:2B:4F:11:22:34",
            ["Devices:3:Latitude"] = "10",
        }));

        Assert.Contains(errors, e => e.Contains("configured twice"));
        Assert.Contains(errors, e => e.Contains("Devices:2:Mac is missing"));
        Assert.Contains(errors, e => e.Contains("Devices:3: set both Latitude and Longitude"));
    }

    [Fact]
    public void Nothing_to_collect_is_an_error()
    {
        Assert.Contains(Errors(Bind(new() { ["Ble:AutoDiscover"] = "false" })), e => e.Contains("nothing would be collected"));
    }

    [Fact]
    public void An_adapter_address_is_accepted()
    {
        Assert.Empty(Errors(Bind(new() { ["Ble:Adapter"] = "00:1A:7D:DA:71:13" })));
    }

    [Fact]
    public void Validation_runs_when_the_options_are_read()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["History:IntervalMinutes"] = "0" }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCollector(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CollectorOptions>>().Value);
        Assert.Contains("History:IntervalMinutes", e.Message);
    }
}

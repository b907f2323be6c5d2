using Atmo.Core;
using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Metrics;

public sealed class GatewayMetricsMeterBridgeTests
{
    [Fact]
    public async Task Meters_named_Atmo_are_bridged_with_the_meter_name_as_prefix_and_others_are_not()
    {
        using var lite = new TempLiteDbStore();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IMinuteStore>(services, lite.Store);
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services,
            new Atmo.Gateway.Metrics.DeviceLabeler(Atmo.Gateway.Metrics.DeviceLabeler.Name, new Dictionary<MacAddress, string>()));
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services,
            Microsoft.Extensions.Options.Options.Create(new Atmo.Storage.StorageOptions { Path = lite.Path }));
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        using var metrics = new Atmo.Gateway.Metrics.GatewayMetrics(provider);
        using var ours = new System.Diagnostics.Metrics.Meter("Atmo.BridgeTest");
        using var theirs = new System.Diagnostics.Metrics.Meter("Other.BridgeTest");
        ours.CreateCounter<long>("things", description: "test").Add(5, new KeyValuePair<string, object?>("device", "x"));
        theirs.CreateCounter<long>("things").Add(7);

        using var buffer = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(buffer);
        string text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());

        Assert.Contains("atmo_bridgetest_things", text, StringComparison.Ordinal);
        Assert.Contains("device=\"x\"} 5", text, StringComparison.Ordinal);
        Assert.DoesNotContain("other_bridgetest", text, StringComparison.Ordinal);
    }
}

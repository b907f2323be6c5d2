using Atmo.Collector.Hosting;
using Atmo.Collector.Live;
using Atmo.Collector.Status;
using Atmo.Core;
using Atmo.Core.TimeBase;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NSubstitute;

namespace Atmo.Collector.Tests.Hosting;

public class CollectorServiceCollectionExtensionsTests
{
    [Fact]
    public void Registers_one_status_the_hosted_collector_and_a_default_clock()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Substitute.For<IMinuteStore, IHistoryQuarantine, IClockEvidence>());
        services.AddCollector(new ConfigurationBuilder().Build());
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<CollectorStatus>(), provider.GetRequiredService<ICollectorStatus>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<BluetoothCollector>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void The_unstored_live_minutes_are_one_instance_the_API_finds_with_the_configured_limit()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Substitute.For<IMinuteStore>());
        services.AddCollector(new ConfigurationBuilder().AddInMemoryCollection([new("Ble:UnstoredLiveLimit", "500")]).Build());
        using ServiceProvider provider = services.BuildServiceProvider();

        UnstoredLiveMinutes unstored = provider.GetRequiredService<UnstoredLiveMinutes>();
        Assert.Same(unstored, provider.GetRequiredService<IUnstoredMinutes>());
        Assert.Equal(500, unstored.Limit);
    }

    [Fact]
    public void Keeps_a_clock_registered_before()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddCollector(new ConfigurationBuilder().Build());

        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }
}

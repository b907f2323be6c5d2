using Atmo.Core;
using Atmo.Gateway.Data;
using Atmo.Gateway.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Atmo.Gateway.Tests.Data;

public sealed class DeviceSitesTests
{
    private sealed class OneSite(MacAddress device, GeoPosition site) : IDeviceSites
    {
        public GeoPosition? Find(MacAddress candidate) => candidate == device ? site : null;
    }

    [Fact]
    public async Task By_default_no_device_has_a_site()
    {
        await using GatewayServer server = await GatewayServer.StartAsync(new InMemoryMinuteStore(TestData.All()));

        string json = await (await server.GetDataAsync("mac=11:22:33:44:55:66&limit=1&order=asc")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("coords", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_site_fills_coords_of_records_without_a_position_of_their_own()
    {
        string folder = Directory.CreateTempSubdirectory("atmo-gateway-").FullName;
        await using WebApplication app = GatewayApp.Build(
            ["--urls=http://127.0.0.1:0", $"--Storage:Path={folder}/a.db", $"--Api:Keys:0={GatewayServer.Key}"],
            services =>
            {
                services.AddSingleton<IMinuteStore>(new InMemoryMinuteStore(TestData.All()));
                services.AddSingleton<IDeviceSites>(new OneSite(TestData.ContractDevice, new GeoPosition(50.5, 4.25)));
            });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        string csv = await client.GetStringAsync(new Uri($"/api/v1/data?api_key={GatewayServer.Key}&mac=11:22:33:44:55:66&date=2023-11-14&format=csv", UriKind.Relative));

        Assert.EndsWith(
            "2023/11/14 23:53;1.241;28;15;953.2;1;3;5;45.4641008;9.1898154\n" +
            "2023/11/14 23:52;2.012;28;15;953.2;;;;50.5;4.25\n",
            csv, StringComparison.Ordinal);
    }
}

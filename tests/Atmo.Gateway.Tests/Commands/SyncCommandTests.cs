using Atmo.CloudDouble;
using Atmo.Core;
using Atmo.Gateway.CommandLine;
using Atmo.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Gateway.Tests.Commands;

/// <summary>`atmo-edge sync` against the cloud double on loopback, with a real LiteDB file.</summary>
public sealed class SyncCommandTests : IDisposable
{
    private const string CloudKey = "cloud-key-for-tests";
    private static readonly MacAddress Device = MacAddress.Parse("C2:2B:00:00:00:01");
    private readonly string _dir = Directory.CreateTempSubdirectory("atmo-sync-cmd-").FullName;
    private string Database => Path.Combine(_dir, "atmo.db");

    private LiteDbMinuteStore OpenStore() =>
        new(new StorageOptions { Path = Database }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);

    [Fact]
    public async Task One_pass_fills_the_missing_minutes_and_prints_a_summary()
    {
        DateTime yesterday = DateTime.UtcNow.Date.AddDays(-1);
        MinuteRecord At(int minute, MinuteSource source) => new()
        {
            Device = Device, Time = yesterday.AddMinutes(minute), Source = source, Voc = 0.1 + minute / 1000.0, T = 21,
        };
        using (LiteDbMinuteStore store = OpenStore())
            store.Write([At(0, MinuteSource.History)]);
        await using CloudDoubleServer cloud = await CloudDoubleServer.StartAsync(TimeProvider.System, [CloudKey]);
        // The cloud's positions carry all their digits; the store keeps them exactly.
        cloud.Data.Add(Enumerable.Range(0, 120).Select(m => At(m, MinuteSource.Cloud) with
        {
            Voc = m == 0 ? 9.9 : At(m, MinuteSource.Cloud).Voc, Latitude = 36.17102679826757, Longitude = -115.09123299153981 + m * 1e-12,
        }));

        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await GatewayApp.CreateCli(output, error).RunAsync(
        [
            "sync", $"--Storage:Path={Database}", $"--Cloud:ApiKey={CloudKey}",
            $"--Cloud:BaseUrl={cloud.BaseAddress}", "--Cloud:HorizonDays=2",
        ]);

        Assert.True(exit == ExitCodes.Success, output + error.ToString());
        Assert.Matches(@"minutes filled\s+119", output.ToString());
        Assert.Matches(@"disagreements\s+1", output.ToString());
        Assert.DoesNotContain(CloudKey, output + error.ToString(), StringComparison.Ordinal);
        using LiteDbMinuteStore reopened = OpenStore();
        MinutePage page = reopened.Query(new MinuteQuery(Device, yesterday, yesterday.AddDays(1), SortOrder.Ascending));
        Assert.Equal(120, page.Total);
        Assert.Equal(MinuteSource.History, page.Items[0].Source);   // never overwritten by the cloud
        Assert.All(page.Items.Skip(1), r => Assert.Equal(MinuteSource.Cloud, r.Source));
        Assert.All(page.Items.Skip(1), r => Assert.Equal(
            (36.17102679826757, -115.09123299153981 + (r.Time - yesterday).TotalMinutes * 1e-12), (r.Latitude!.Value, r.Longitude!.Value)));
    }

    [Fact]
    public async Task Without_a_key_it_says_that_sync_is_off_and_fails()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = await GatewayApp.CreateCli(output, error).RunAsync(["sync", $"--Storage:Path={Database}"]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("Cloud:ApiKey", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

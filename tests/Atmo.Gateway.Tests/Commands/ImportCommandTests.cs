using Atmo.Core;
using Atmo.Gateway.CommandLine;
using Atmo.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Gateway.Tests.Commands;

/// <summary>`atmo-edge import` end to end: the real command line, importer and LiteDB file.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private const string Mac = "AA:BB:CC:DD:EE:FF";
    private readonly string _dir = Directory.CreateTempSubdirectory("atmo-import-").FullName;
    private string Database => Path.Combine(_dir, "atmo.db");

    private const string ContractExample = """
        {"status":0,"data":{"total":2,"items":[
          {"time":"2023-11-14T23:53:00.000Z","voc":1.241,"pm1":1,"pm25":3,"pm10":5,"t":28,"h":15,"p":953.2,"coords":{"lat":45.4641008,"lon":9.1898154}},
          {"time":"2023-11-14T23:52:00.000Z","voc":2.012,"t":28,"h":15,"p":953.2}]}}
        """;

    private async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await GatewayApp.CreateCli(output, error).RunAsync([.. args, $"--Storage:Path={Database}"]);
        return (exit, output.ToString(), error.ToString());
    }

    private MinutePage Stored()
    {
        using var store = new LiteDbMinuteStore(new StorageOptions { Path = Database }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);
        return store.Query(new MinuteQuery(MacAddress.Parse(Mac), DateTime.MinValue, DateTime.MaxValue, SortOrder.Ascending));
    }

    [Fact]
    public async Task Imports_a_saved_json_response_as_cloud_minutes_and_a_second_import_inserts_nothing()
    {
        string file = Path.Combine(_dir, "cloud.json");
        File.WriteAllText(file, ContractExample);

        (int exit, string output, string error) = await Run("import", file, "--mac", "aa-bb-cc-dd-ee-ff");
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Matches(@"inserted\s+2", output);

        MinutePage page = Stored();
        Assert.Equal(2, page.Total);
        Assert.All(page.Items, r => Assert.Equal(MinuteSource.Cloud, r.Source));
        Assert.Equal(45.4641008, page.Items[1].Latitude);

        (exit, output, _) = await Run("import", file, "--mac", Mac);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Matches(@"inserted\s+0", output);
        Assert.Matches(@"unchanged\s+2", output);
    }

    [Fact]
    public async Task Imports_csv_with_the_clouds_header()
    {
        string file = Path.Combine(_dir, "cloud.csv");
        File.WriteAllText(file,
            "Date (GMT);VOC (ppm);Temperature (C);Humidity (%);Pressure (mbar);PM1 (ug/m3);PM2.5 (ug/m3);PM10 (ug/m3);Latitude;Longitude\n" +
            "2023/11/14 23:53;1.241;28;15;953.2;1;3;5;45.4641008;9.1898154\n" +
            "2023/11/14 23:52;2.012;28;15;953.2;;;;;\n");

        (int exit, string output, string error) = await Run("import", file, "--mac", Mac);

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Matches(@"inserted\s+2", output);
        Assert.Equal(2, Stored().Total);
    }

    [Fact]
    public async Task A_malformed_file_names_the_record_and_writes_nothing()
    {
        string file = Path.Combine(_dir, "bad.json");
        File.WriteAllText(file, ContractExample.Replace("\"2023-11-14T23:52:00.000Z\"", "\"yesterday\"", StringComparison.Ordinal));

        (int exit, _, string error) = await Run("import", file, "--mac", Mac);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("record 1", error, StringComparison.Ordinal);
        Assert.Contains("nothing was written", error, StringComparison.Ordinal);
        Assert.Equal(0, Stored().Total);
    }

    [Theory]
    [InlineData("--mac", "not-a-mac")]
    [InlineData("--other", "x")]
    public async Task A_missing_or_bad_mac_is_a_usage_error(string option, string value)
    {
        string file = Path.Combine(_dir, "cloud.json");
        File.WriteAllText(file, ContractExample);

        (int exit, _, string error) = await Run("import", file, option, value);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--mac", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_reported()
    {
        (int exit, _, string error) = await Run("import", Path.Combine(_dir, "nope.json"), "--mac", Mac);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("nope.json", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

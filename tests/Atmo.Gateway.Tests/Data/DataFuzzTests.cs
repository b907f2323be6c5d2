using System.Net;
using System.Text;
using Atmo.Core;
using Atmo.Gateway.Tests.TestSupport;
using Atmo.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Gateway.Tests.Data;

/// <summary>
/// Hundreds of malformed and boundary requests: no 5xx, every non-200 is the JSON error shape,
/// every 200 parses, and the store saw no write or delete.
/// </summary>
public sealed class DataFuzzTests
{
    private static readonly string[] Names =
        ["api_key", "mac", "order", "format", "offset", "limit", "date", "start_date", "end_date", "separator", "MAC", "Limit", "x", ""];

    private static readonly string[] Values =
    [
        "", " ", "AA:BB:CC:DD:EE:FF", "aabbccddeeff", "11-22-33-44-55-66", "AA:BB:CC:DD:EE", "asc", "desc", "json", "csv",
        "0", "1", "-1", "50", "100", "300", "1000", "1440", "1441", "2000", "11520", "2147483647", "2147483648", "-2147483649", "99999999999999999999999999999",
        "1e3", "0x10", "1.0", "١٢٣", "２０２３-１１-１４", "2023-11-14", "2023-02-30", "2023-2-29", "2024-2-29", "0001-01-01",
        "9999-12-31", "9999-12-30", "10000-01-01", "2023-11-14T00:00:00Z", "2023/11/14", "14.11.2023", "2023--11-14",
        "2023-11-", "-2023-11-14", "' OR 1=1 --", "'; DROP TABLE minutes; --", "{\"$gt\":\"\"}", "$where", "<script>", "%",
        "%ZZ", "%00", "\u0000", "\ud83d\ude00", "é", "null", "undefined", "NaN", "Infinity", ";", ",", "semicolon", "comma",
        new string('9', 300), new string('a', 2000), "a=b", "&", "#", "+", "\t", "\r\n",
    ];

    [Theory]
    [InlineData("memory", "cloud")]
    [InlineData("litedb", "cloud")]
    [InlineData("litedb", "apply")]
    [InlineData("litedb", "ignore")]
    public async Task Hundreds_of_malformed_and_boundary_requests_never_produce_a_5xx_or_a_write(string storeKind, string limitWithDates)
    {
        string folder = Directory.CreateTempSubdirectory("atmo-fuzz-").FullName;
        using LiteDbMinuteStore? liteDb = storeKind == "litedb"
            ? new LiteDbMinuteStore(new StorageOptions { Path = Path.Combine(folder, "a.db"), Durability = CommitDurability.ProcessCrashOnly },
                TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance)
            : null;
        foreach (IGrouping<MacAddress, MinuteRecord> device in TestData.All().GroupBy(r => r.Device))
            liteDb?.Write([.. device]);
        await using GatewayServer server = await GatewayServer.StartAsync(
            liteDb ?? (IMinuteStore)new InMemoryMinuteStore(TestData.All()), configuration: $"--Api:LimitWithDates={limitWithDates}");
        var random = new Random(20231114);
        var queries = new List<string>();

        // Each value in each parameter, alone with a valid key and mac.
        foreach (string name in Names)
        {
            foreach (string value in Values)
                queries.Add($"api_key={GatewayServer.Key}&mac=AA:BB:CC:DD:EE:FF&{Encode(name)}={Encode(value)}");
        }

        // Random combinations, sometimes raw (not escaped), sometimes without the key or the mac.
        for (int i = 0; i < 300; i++)
        {
            var query = new StringBuilder();
            if (random.Next(10) > 0)
                query.Append("api_key=").Append(GatewayServer.Key).Append('&');
            int count = random.Next(0, 7);
            for (int j = 0; j < count; j++)
            {
                string name = Names[random.Next(Names.Length)];
                string value = Values[random.Next(Values.Length)];
                bool raw = random.Next(4) == 0;
                query.Append(raw ? name : Encode(name)).Append('=').Append(raw ? value : Encode(value)).Append('&');
            }

            queries.Add(query.ToString());
        }

        // Raw garbage query strings.
        queries.AddRange(
        [
            "", "&&&&", "=", "==", "api_key", "?api_key=" + GatewayServer.Key, "%%%", new string('&', 500),
            $"api_key={GatewayServer.Key}&mac", $"api_key={GatewayServer.Key}&mac=",
            $"api_key={GatewayServer.Key}&mac=AA:BB:CC:DD:EE:FF&date=2023-11-14&date",
        ]);

        foreach (string query in queries)
        {
            HttpResponseMessage response = await server.GetRawAsync(query);
            int status = (int)response.StatusCode;
            Assert.True(status < 500, $"{status} for ?{query}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                if (response.Content.Headers.ContentType?.MediaType == "text/csv")
                    Assert.StartsWith("Date (GMT)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                else
                    await HttpAssert.ItemsAsync(response);
            }
            else
            {
                Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized });
                await HttpAssert.ErrorAsync(response, response.StatusCode);
            }
        }

        Assert.True(queries.Count >= 500, $"only {queries.Count} requests");
        Assert.Equal(0, server.Store.Mutations);
        Assert.Equal(TestData.DeviceATotal + 2, TestData.All().Count());
        Assert.Equal(TestData.DeviceATotal, server.Store.Query(new MinuteQuery(TestData.DeviceA, DateTime.UnixEpoch, DateTime.UnixEpoch.AddYears(100))).Total);
    }

    private static readonly string[] Limits =
        ["", "1", "50", "1000", "1440", "1441", "2000", "11520", "2147483647", "0", "-1", "2147483648", "1e3", "+5", " 5", "5 ", "5.0", "٥"];

    /// <summary>Dates and how many records of device A they hold (today is 2023-11-15; the last two reach into the future).</summary>
    private static readonly (string Dates, int Matching)[] DateChoices =
    [
        ("", TestData.DeviceATotal), ("date=2023-11-10", 1440), ("start_date=2023-11-08&end_date=2023-11-12", 1448),
        ("start_date=2023-11-14&end_date=2023-11-16", 4), ("date=2023-11-20", 0),
    ];

    [Theory]
    [InlineData("cloud")]
    [InlineData("apply")]
    [InlineData("ignore")]
    public async Task Every_limit_with_and_without_dates_is_200_with_the_rules_page_or_a_clear_400(string limitWithDates)
    {
        using var liteDb = new TempLiteDbStore(TestData.All());
        await using GatewayServer server = await GatewayServer.StartAsync(liteDb.Store, configuration: $"--Api:LimitWithDates={limitWithDates}");

        foreach ((string dates, int matching) in DateChoices)
        {
            foreach (string limitText in Limits)
            {
                foreach (int offset in new[] { 0, 1000 })
                {
                    HttpResponseMessage response = await server.GetDataAsync(
                        $"mac=AA:BB:CC:DD:EE:FF&{dates}&limit={Encode(limitText)}&offset={offset}");
                    bool datesGiven = dates.Length > 0;
                    bool wellFormed = limitText.Length == 0 || limitText.All(char.IsAsciiDigit) && long.Parse(limitText, System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= int.MaxValue;
                    long? limit = limitText.Length == 0 || !wellFormed ? null : long.Parse(limitText, System.Globalization.CultureInfo.InvariantCulture);
                    string request = $"{dates}&limit={limitText}&offset={offset} under {limitWithDates}";

                    if (!wellFormed || !datesGiven && limit > 1440)
                    {
                        string message = await HttpAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
                        Assert.True(message.StartsWith("limit must be a whole number from 1 to ", StringComparison.Ordinal), request);
                        continue;
                    }

                    (int total, List<string> times) = await HttpAssert.ItemsAsync(response);
                    long pageSize = !datesGiven ? limit ?? 100 : limitWithDates switch
                    {
                        "apply" => limit ?? long.MaxValue,
                        "cloud" => limit > 1440 ? limit.Value : long.MaxValue,
                        _ => long.MaxValue,
                    };
                    Assert.True(matching == total, $"total {total} for {request}");
                    Assert.True(Math.Min(pageSize, Math.Max(0, matching - offset)) == times.Count, $"{times.Count} items for {request}");
                }
            }
        }

        Assert.Equal(0, server.Store.Mutations);
    }

    private static string Encode(string text) => Uri.EscapeDataString(text);
}

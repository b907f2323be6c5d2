using System.Net;
using System.Text.Json;
using Atmo.Core;

namespace Atmo.Gateway.Tests.Data;

/// <summary>
/// Every known client pattern of the Atmotube Cloud API (issue 10), sending exactly the requests
/// that client sends, against the real LiteDB store through real HTTP, under each
/// <c>Api:LimitWithDates</c> value. Each test asserts exactly which records the client ends up
/// with; docs/api-contract.md tabulates the outcome. Today is 2024-01-14 12:00 UTC.
/// </summary>
public sealed class CloudClientCompatibilityTests(CloudClientsFixture data) : IClassFixture<CloudClientsFixture>
{
    /// <summary>One item as the client received it: its time and its JSON text.</summary>
    private sealed record Item(DateTime Time, string Json);

    private async Task<(int Total, List<Item> Items)> GetAsync(string rule, MacAddress device, string query)
    {
        HttpResponseMessage response = await data.Server(rule).GetDataAsync($"mac={device}&{query}");
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} for {query}: {body}");
        using var json = JsonDocument.Parse(body);
        JsonElement answer = json.RootElement.GetProperty("data");
        List<Item> items = [.. answer.GetProperty("items").EnumerateArray().Select(item =>
            new Item(item.GetProperty("time").GetDateTime().ToUniversalTime(), item.GetRawText()))];
        return (answer.GetProperty("total").GetInt32(), items);
    }

    /// <summary>
    /// Sends one request and asserts that the client gets the stored minutes of <paramref name="first"/>…<paramref name="last"/>
    /// newest first, the first <paramref name="count"/> of them (all when null), with <c>total</c> counting all of them.
    /// </summary>
    private async Task<List<Item>> AssertNewestFirstAsync(string rule, MacAddress device, string query, DateOnly first, DateOnly last, int? count)
    {
        (int total, List<Item> items) = await GetAsync(rule, device, query);

        List<DateTime> stored = data.NewestFirst(device, first, last);
        Assert.Equal(stored.Count, total);
        Assert.Equal(stored.Take(count ?? int.MaxValue), items.Select(item => item.Time));
        return items;
    }

    /// <summary>Pages with <c>offset += limit</c> until a page is shorter than the limit; returns everything received, in order.</summary>
    private async Task<List<DateTime>> PageUntilShortAsync(string rule, MacAddress device, string range, int limit)
    {
        var received = new List<DateTime>();
        for (int offset = 0; ; offset += limit)
        {
            (_, List<Item> page) = await GetAsync(rule, device, $"{range}&limit={limit}&offset={offset}");
            received.AddRange(page.Select(item => item.Time));
            if (page.Count < limit)
                return received;
        }
    }

    // ---- A public Python client: one request per device and week, limit=50 ----------------------

    [Theory]
    [InlineData("cloud", null)]
    [InlineData("apply", 50)]
    [InlineData("ignore", null)]
    public async Task Weekly_limit_50_range_requests_get_every_minute_of_the_week_with_the_clouds_own_numbers(string rule, int? count)
    {
        foreach ((DateOnly start, DateOnly end) in CloudClientsFixture.Weeks)
        {
            List<Item> items = await AssertNewestFirstAsync(rule, CloudClientsFixture.WeeklyDevice,
                $"limit=50&offset=0&order=desc&format=json&start_date={start:yyyy-MM-dd}&end_date={end:yyyy-MM-dd}", start, end, count);

            // Byte for byte the items the cloud sent: positions with all their digits.
            Assert.All(items, item => Assert.Equal(data.CloudItemText[item.Time], item.Json));
        }
    }

    [Fact]
    public async Task The_weekly_clients_answers_match_the_clouds_january_2024_sizes()
    {
        (int sparse, _) = await GetAsync("cloud", CloudClientsFixture.WeeklyDevice, "limit=50&offset=0&order=desc&start_date=2023-10-16&end_date=2023-10-23");
        (int full, List<Item> items) = await GetAsync("cloud", CloudClientsFixture.WeeklyDevice, "limit=50&offset=0&order=desc&start_date=2023-12-26&end_date=2024-01-02");

        Assert.Equal(1, sparse);
        Assert.Equal(8321, full);
        Assert.Equal(8321, items.Count);
        Assert.Equal(new DateTime(2024, 1, 2, 23, 59, 0, DateTimeKind.Utc), items[0].Time);
        Assert.Equal(new DateTime(2023, 12, 26, 0, 0, 0, DateTimeKind.Utc), items[^1].Time);
        Assert.Equal(
            """{"time":"2023-10-19T16:38:00.000Z","voc":9.899,"t":23,"h":42,"p":956.9,"coords":{"lat":36.17102679826757,"lon":-115.09123299153981}}""",
            data.CloudItemText[new DateTime(2023, 10, 19, 16, 38, 0, DateTimeKind.Utc)]);
    }

    // ---- The vendor's help page: its two example URLs ------------------------------------------

    [Theory]
    [InlineData("cloud", 2000)]
    [InlineData("apply", 2000)]
    [InlineData("ignore", null)]
    public async Task Vendor_example_range_with_limit_2000_answers_the_newest_page_not_400(string rule, int? count)
    {
        await AssertNewestFirstAsync(rule, CloudClientsFixture.VendorExampleDevice,
            "limit=2000&offset=0&order=desc&start_date=2022-06-13&end_date=2022-06-17&format=json", new DateOnly(2022, 6, 13), new DateOnly(2022, 6, 17), count);
    }

    [Theory]
    [InlineData("cloud", null)]
    [InlineData("apply", 1000)]
    [InlineData("ignore", null)]
    public async Task Vendor_example_date_with_limit_1000(string rule, int? count)
    {
        await AssertNewestFirstAsync(rule, CloudClientsFixture.VendorExampleDevice,
            "limit=1000&offset=0&order=desc&date=2022-06-13&format=json", new DateOnly(2022, 6, 13), new DateOnly(2022, 6, 13), count);
    }

    // ---- A public dashboard: limit=2000 offset paging, and the latest value ------------------------

    [Theory]
    [InlineData("cloud", true)]
    [InlineData("apply", true)]
    [InlineData("ignore", false)]
    public async Task Dashboard_history_pages_of_2000_get_every_minute_exactly_once(string rule, bool exactlyOnce)
    {
        List<DateTime> received = await PageUntilShortAsync(rule, CloudClientsFixture.DashboardDevice, "start_date=2024-01-05&end_date=2024-01-11", 2000);

        List<DateTime> range = data.NewestFirst(CloudClientsFixture.DashboardDevice, new DateOnly(2024, 1, 5), new DateOnly(2024, 1, 11));
        Assert.Equal(5000, range.Count);
        // With the limit ignored the first page is the whole range, the next ones its tail again.
        List<DateTime> expected = exactlyOnce ? range : [.. range, .. range.Skip(2000), .. range.Skip(4000)];
        Assert.Equal(expected, received);
    }

    [Theory]
    [InlineData("cloud", null)]
    [InlineData("apply", 300)]
    [InlineData("ignore", null)]
    public async Task Dashboard_latest_value_from_two_days_ago_to_tomorrow_with_limit_300(string rule, int? count)
    {
        List<Item> items = await AssertNewestFirstAsync(rule, CloudClientsFixture.DashboardDevice,
            "start_date=2024-01-12&end_date=2024-01-15&limit=300", new DateOnly(2024, 1, 12), new DateOnly(2024, 1, 15), count);

        Assert.Equal(new DateTime(2024, 1, 14, 11, 59, 0, DateTimeKind.Utc), items[0].Time); // what the dashboard shows
    }

    // ---- An R package: limit=1440 with 7-day chunks --------------------------------------------

    [Theory]
    [InlineData("cloud", null)]
    [InlineData("apply", 1440)]
    [InlineData("ignore", null)]
    public async Task Seven_day_chunks_with_limit_1440_get_the_whole_chunk(string rule, int? count)
    {
        foreach (DateOnly start in new[] { new DateOnly(2023, 12, 1), new DateOnly(2023, 12, 8) })
        {
            DateOnly end = start.AddDays(6);
            await AssertNewestFirstAsync(rule, CloudClientsFixture.WeekChunkDevice,
                $"start_date={start:yyyy-MM-dd}&end_date={end:yyyy-MM-dd}&limit=1440", start, end, count);
        }
    }

    // ---- Another R package: one date per day with limit=1000 --------------------------------------

    [Theory]
    [InlineData("cloud", false)]
    [InlineData("apply", true)]
    [InlineData("ignore", false)]
    public async Task One_date_per_day_with_limit_1000_gets_the_whole_day(string rule, bool only1000)
    {
        var received = new List<DateTime>();
        foreach (DateOnly day in new[] { new DateOnly(2023, 12, 20), new DateOnly(2023, 12, 21) })
        {
            (_, List<Item> items) = await GetAsync(rule, CloudClientsFixture.DayByDayDevice, $"date={day:yyyy-MM-dd}&limit=1000");
            received.AddRange(items.Select(item => item.Time));
        }

        List<DateTime> first = data.NewestFirst(CloudClientsFixture.DayByDayDevice, new DateOnly(2023, 12, 20), new DateOnly(2023, 12, 20));
        List<DateTime> second = data.NewestFirst(CloudClientsFixture.DayByDayDevice, new DateOnly(2023, 12, 21), new DateOnly(2023, 12, 21));
        Assert.Equal((1440, 900), (first.Count, second.Count));
        List<DateTime> expected = only1000 ? [.. first.Take(1000), .. second] : [.. first, .. second];
        Assert.Equal(expected, received);
    }

    // ---- limit=100 with a range, paged on the client's side --------------------------------------

    [Theory]
    [InlineData("cloud", false)]
    [InlineData("apply", true)]
    [InlineData("ignore", false)]
    public async Task Range_with_limit_100_paged_by_the_client(string rule, bool exactlyOnce)
    {
        List<DateTime> received = await PageUntilShortAsync(rule, CloudClientsFixture.SmallPageDevice, "start_date=2023-12-22&end_date=2023-12-22", 100);

        List<DateTime> day = data.NewestFirst(CloudClientsFixture.SmallPageDevice, new DateOnly(2023, 12, 22), new DateOnly(2023, 12, 22));
        Assert.Equal(250, day.Count);
        // With the limit ignored every page runs to the end of the range: the client gets the tail again and again.
        List<DateTime> expected = exactlyOnce ? day : [.. day, .. day.Skip(100), .. day.Skip(200)];
        Assert.Equal(expected, received);
    }
}

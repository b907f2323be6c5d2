using System.Globalization;
using System.Text.Json;
using Atmo.Core;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Atmo.Dashboard.Tests;

/// <summary>
/// Issue 14's judgement: the dashboard in Debian's Chromium against the real gateway process in
/// simulation mode, with two devices prepared in its database (<see cref="PreparedMinutes"/>).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardTests(DashboardFixture fixture)
{
    private const int AllDevices = DashboardFixture.SimulatedDevices + 2;
    private GatewayUnderTest Gateway => fixture.Gateway;
    private PreparedMinutes Prepared => fixture.Gateway.Prepared;

    [Fact]
    public async Task The_page_loads_from_the_gateway_alone_with_no_console_error_and_asks_for_the_key()
    {
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(fixture);

        await Expect(dashboard.Page.Locator("#key-input")).ToBeVisibleAsync();
        await Expect(dashboard.Page.Locator("#health-summary")).ToHaveTextAsync("Gateway: ready");
        await Expect(dashboard.Page.Locator("#health-checks tr[data-check=database]")).ToContainTextAsync("writable");
        Assert.Empty(dashboard.Errors);
        Assert.All(dashboard.Requests, url => Assert.StartsWith(Gateway.Address.ToString(), url, StringComparison.Ordinal));
        Assert.True(await dashboard.Page.Locator("#devices-section").IsHiddenAsync());
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_a_message_and_not_kept()
    {
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(fixture);

        await dashboard.EnterKeyAsync("not-the-key-0123456789");

        await Expect(dashboard.Page.Locator("#key-error")).ToContainTextAsync("refused this API key (HTTP 401)");
        await Expect(dashboard.Page.Locator("#key-error")).ToContainTextAsync("/etc/atmo-edge/api-key");
        Assert.True(await dashboard.Page.Locator("#devices-section").IsHiddenAsync());
        Assert.Null(await dashboard.Page.EvaluateAsync<string?>("() => localStorage.getItem('atmo-edge.api-key')"));
    }

    [Fact]
    public async Task With_the_right_key_every_card_matches_the_devices_endpoint_and_the_key_is_kept()
    {
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(fixture);

        IResponse answer = await dashboard.Page.RunAndWaitForResponseAsync(
            () => dashboard.EnterKeyAsync(GatewayUnderTest.Key), r => r.Url.Contains("/api/v1/devices", StringComparison.Ordinal));
        using var seen = JsonDocument.Parse(await answer.TextAsync());
        JsonElement[] devices = [.. seen.RootElement.GetProperty("data").GetProperty("items").EnumerateArray()];
        await Expect(dashboard.Page.Locator("#device-cards > li")).ToHaveCountAsync(devices.Length);

        // The page shows the very answer it got; the test's own read has the same devices.
        using var own = JsonDocument.Parse(await Gateway.Api.GetStringAsync(GatewayUnderTest.ApiPath("devices", "")));
        Assert.Equal(
            own.RootElement.GetProperty("data").GetProperty("items").EnumerateArray().Select(d => d.GetProperty("mac").GetString()),
            devices.Select(d => d.GetProperty("mac").GetString()));
        Assert.Equal(AllDevices, devices.Length);
        foreach (JsonElement device in devices)
        {
            string mac = device.GetProperty("mac").GetString()!;
            ILocator card = dashboard.Page.Locator($"#device-cards > li[data-mac='{mac}']");
            await Expect(card.Locator("h3")).ToHaveTextAsync(Text(device, "name") ?? mac);
            JsonElement records = device.GetProperty("records");
            await Expect(card.Locator("dd[data-field=records]")).ToHaveTextAsync(
                $"live {Count(records, "live")} · history {Count(records, "history")} · cloud {Count(records, "cloud")}");
            await Expect(card.Locator("dd[data-field=battery]")).ToHaveTextAsync(Number(device, "battery") is { } battery ? $"{battery} %" : "—");
            await Expect(card.Locator("dd[data-field=rssi]")).ToHaveTextAsync(Number(device, "rssi") is { } rssi ? $"{rssi} dBm" : "—");
            await ExpectTime(card.Locator("dd[data-field=last_seen]"), Text(device, "last_seen"));
            await ExpectTime(card.Locator("dd[data-field=last_history_sync]"), Text(device, "last_history_sync"));
            await ExpectTime(card.Locator("dd[data-field=newest]"), Text(device, "last_minute"));
            await ExpectCategoryOfItsOwnValue(card);
        }

        // The 2024 revision of the breakpoints, not the earlier table.
        await ExpectCategory(dashboard.Page, PreparedMinutes.Office, "Moderate", "rgb(255, 255, 0)");
        await ExpectCategory(dashboard.Page, PreparedMinutes.Lab, "Very Unhealthy", "rgb(143, 63, 151)");
        await Expect(dashboard.Page.Locator("#devices-section")).ToContainTextAsync("2024 revision");

        // Asked once: a reload opens the dashboard with the kept key.
        await dashboard.Page.ReloadAsync();
        await Expect(dashboard.Page.Locator("#device-cards > li")).ToHaveCountAsync(devices.Length);
        Assert.True(await dashboard.Page.Locator("#key-section").IsHiddenAsync());
        Assert.Empty(dashboard.Errors);
    }

    [Fact]
    public async Task A_seven_day_chart_holds_exactly_the_stored_points_shows_the_gap_and_each_source()
    {
        await using DashboardPage dashboard = await OpenOfficeWeekAsync();

        List<ApiMinute> stored = await ReadRangeAsync(PreparedMinutes.Office);
        Assert.Equal(Prepared.OfficeMinutes, stored.Count);
        ChartData chart = await EvaluateAsync<ChartData>(dashboard.Page,
            "() => { const u = atmoDashboard.charts()[0]; return { x: [...u.data[0]], pm1: [...u.data[1]], pm25: [...u.data[2]], pm10: [...u.data[3]] }; }");
        // Every stored minute once, with its values, plus one all-null row right after the gap opens.
        long gapFrom = Seconds(Prepared.GapFrom);
        Assert.Equal([.. stored.Select(m => m.Seconds).Append(gapFrom).Order()], chart.X);
        var byTime = stored.ToDictionary(m => m.Seconds);
        for (int i = 0; i < chart.X.Length; i++)
        {
            (double? pm1, double? pm25, double? pm10) = byTime.TryGetValue(chart.X[i], out ApiMinute? m) ? (m.Pm1, m.Pm25, m.Pm10) : (null, null, null);
            Assert.Equal((pm1, pm25, pm10), (chart.Pm1[i], chart.Pm25[i], chart.Pm10[i]));
        }

        ILocator section = dashboard.Page.Locator("#charts-section");
        await Expect(section).ToHaveAttributeAsync("data-points", Prepared.OfficeMinutes.ToString(CultureInfo.InvariantCulture));
        await Expect(section).ToHaveAttributeAsync("data-gaps", "1");
        await Expect(dashboard.Page.Locator("#chart-status")).ToContainTextAsync("1 gap between them, the longest 3 h 0 min");

        // Drawn: no line crosses the gap (its middle column has no pixel of a series colour, only the hatching),
        // while a column of stored minutes has them.
        PixelCounts inGap = await CountPixelsAsync(dashboard.Page, Seconds(Prepared.GapFrom.AddMinutes(90)));
        PixelCounts inData = await CountPixelsAsync(dashboard.Page, Seconds(Prepared.GapFrom.AddHours(-12)));
        Assert.Equal(0, inGap.Series);
        Assert.True(inGap.Hatching > 0, "the gap is not hatched");
        Assert.True(inData.Series > 0, "the control column shows no line: the pixel check cannot fail");

        // Hover: the exact values of the minute under the mouse (a pixel spans minutes: the cursor picks one),
        // its time in UTC and local time, its source.
        ApiMinute hovered = byTime[await HoverAsync(dashboard.Page, Seconds(Prepared.GapTo.AddHours(5)))];
        ILocator legend = dashboard.Page.Locator("figure[data-chart=pm] .u-legend .u-series");
        DateTime hoveredTime = DateTimeOffset.FromUnixTimeSeconds(hovered.Seconds).UtcDateTime;
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        await Expect(legend.Nth(0)).ToContainTextAsync(
            $"{hoveredTime:yyyy-MM-dd HH:mm} UTC ({TimeZoneInfo.ConvertTimeFromUtc(hoveredTime, berlin):HH:mm} Europe/Berlin) · history");
        await Expect(legend.Nth(1)).ToContainTextAsync($"PM1{hovered.Pm1}");
        await Expect(legend.Nth(2)).ToContainTextAsync($"PM2.5{hovered.Pm25}");
        await Expect(legend.Nth(3)).ToContainTextAsync($"PM10{hovered.Pm10}");

        // The sources, stretch by stretch: as prepared, as the API tells them (include=source), as the page lists them.
        (string, long, long)[] expected = [.. Prepared.OfficeStretches.Select(s => (s.Source, Seconds(s.From), Seconds(s.To)))];
        Assert.Equal(expected, Stretches(stored));
        StretchRow[] listed = await EvaluateAsync<StretchRow[]>(dashboard.Page,
            """
            () => [...document.querySelectorAll('#stretches table:first-of-type tbody tr')].map(row => ({
              source: row.cells[0].textContent,
              from: Date.parse(row.cells[1].querySelector('time').dateTime) / 1000,
              to: Date.parse(row.cells[2].querySelector('time').dateTime) / 1000,
              minutes: Number(row.cells[3].textContent.replaceAll(',', '')),
            }))
            """);
        Assert.Equal(expected, listed.Select(r => (r.Source, r.From, r.To)));
        Assert.All(listed, r => Assert.Equal((r.To - r.From) / 60, r.Minutes));
        Assert.Empty(dashboard.Errors);
    }

    [Fact]
    public async Task The_csv_download_equals_the_api_csv_of_the_range()
    {
        await using DashboardPage dashboard = await OpenOfficeWeekAsync();

        IDownload download = await dashboard.Page.RunAndWaitForDownloadAsync(() => dashboard.Page.ClickAsync("#csv-download"));
        string path = Artifacts.PathOf("office-7-days.csv");
        await download.SaveAsAsync(path);

        string expected = await Gateway.Api.GetStringAsync(GatewayUnderTest.ApiPath("data",
            $"mac={PreparedMinutes.Office}&start_date={Day(Prepared.FirstDay)}&end_date={Day(Prepared.LastDay)}&format=csv"));
        Assert.Equal(Prepared.OfficeMinutes + 1, expected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(expected, await File.ReadAllTextAsync(path));
        Assert.Empty(dashboard.Errors);
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1440, 900)]
    public async Task At_phone_and_desktop_widths_every_control_is_labelled_and_text_contrast_is_AA(int width, int height)
    {
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(fixture, width, height);
        AssertAccessible(await dashboard.Page.RunAxe(AxeOptions), "key form");
        await dashboard.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf($"dashboard-key-{width}.png"), FullPage = true });

        await dashboard.OpenDashboardAsync(AllDevices);
        await dashboard.ShowRangeAsync(PreparedMinutes.Office.ToString(), Prepared.FirstDay, Prepared.LastDay);
        await dashboard.Page.ClickAsync("#stretches-details summary");
        await dashboard.Page.ClickAsync("#perf-details summary");

        AssertAccessible(await dashboard.Page.RunAxe(AxeOptions), "dashboard");
        await dashboard.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf($"dashboard-{width}.png"), FullPage = true });
        // The page fits the phone: nothing wider than the viewport.
        Assert.True(await dashboard.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways");
        Assert.Empty(dashboard.Errors);
    }

    [Fact]
    public async Task A_429_is_waited_out_for_its_Retry_After_then_the_page_goes_on()
    {
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(fixture);
        // The gateway's own 429 needs a minute's budget spent; its shape is copied here for one answer.
        int limited = 0;
        await dashboard.Page.RouteAsync("**/api/v1/devices?*", async route =>
        {
            if (Interlocked.Increment(ref limited) == 1)
                await route.FulfillAsync(new RouteFulfillOptions
                {
                    Status = 429,
                    ContentType = "application/json; charset=utf-8",
                    Headers = new Dictionary<string, string> { ["Retry-After"] = "2" },
                    Body = """{"status":429,"message":"rate limit of 60 requests per minute exceeded; retry after 2 s"}""",
                });
            else
                await route.ContinueAsync();
        });

        await dashboard.EnterKeyAsync(GatewayUnderTest.Key);

        await Expect(dashboard.Page.Locator("#rate-limit")).ToContainTextAsync("HTTP 429): waiting 2 s");
        await Expect(dashboard.Page.Locator("#device-cards > li")).ToHaveCountAsync(AllDevices, new() { Timeout = 15_000 });
        await Expect(dashboard.Page.Locator("#rate-limit")).ToBeHiddenAsync();
        Assert.Equal(2, limited);
    }

    // ---- Helpers ----------------------------------------------------------------------------

    /// <summary>A new page with the key given and the charts of Office's 8 prepared UTC days drawn (the API's 7-day range).</summary>
    private async Task<DashboardPage> OpenOfficeWeekAsync()
    {
        DashboardPage dashboard = await DashboardPage.OpenAsync(fixture);
        try
        {
            await dashboard.OpenDashboardAsync(AllDevices);
            await dashboard.ShowRangeAsync(PreparedMinutes.Office.ToString(), Prepared.FirstDay, Prepared.LastDay);
            return dashboard;
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }
    }

    private static readonly AxeRunOptions AxeOptions = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    };

    private static void AssertAccessible(AxeResult result, string what)
    {
        Assert.True(result.Violations.Length == 0,
            $"{what}: " + string.Join("; ", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))})")));
        // The rules that matter here ran on real elements (passed, not "inapplicable").
        foreach (string rule in (string[])["label", "button-name", "color-contrast"])
            Assert.Contains(result.Passes, p => p.Id == rule);
    }

    private async Task<List<ApiMinute>> ReadRangeAsync(MacAddress device)
    {
        using var json = JsonDocument.Parse(await Gateway.Api.GetStringAsync(GatewayUnderTest.ApiPath("data",
            $"mac={device}&start_date={Day(Prepared.FirstDay)}&end_date={Day(Prepared.LastDay)}&order=asc&include=source")));
        return [.. json.RootElement.GetProperty("data").GetProperty("items").EnumerateArray().Select(item => new ApiMinute(
            DateTimeOffset.Parse(item.GetProperty("time").GetString()!, CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
            Value(item, "pm1"), Value(item, "pm25"), Value(item, "pm10"), item.GetProperty("source").GetString()!))];
    }

    /// <summary>Moves the mouse over the particulate chart at a time (Unix seconds); returns the minute the cursor picked.</summary>
    private static async Task<long> HoverAsync(IPage page, long seconds)
    {
        Point point = await EvaluateAsync<Point>(page,
            """
            seconds => {
              const u = atmoDashboard.charts()[0];
              const box = u.over.getBoundingClientRect();
              return { x: box.left + u.valToPos(seconds, 'x'), y: box.top + box.height / 2 };
            }
            """, seconds);
        await page.Mouse.MoveAsync((float)point.X, (float)point.Y);
        return await page.EvaluateAsync<long>("() => { const u = atmoDashboard.charts()[0]; return u.data[0][u.cursor.idx]; }");
    }

    /// <summary>Runs of one source between gaps: (source, first minute, end), in Unix seconds.</summary>
    private static List<(string, long, long)> Stretches(List<ApiMinute> minutes)
    {
        var runs = new List<(string Source, long From, long To)>();
        foreach (ApiMinute m in minutes)
        {
            if (runs.Count > 0 && runs[^1].Source == m.Source && runs[^1].To == m.Seconds)
                runs[^1] = runs[^1] with { To = m.Seconds + 60 };
            else
                runs.Add((m.Source, m.Seconds, m.Seconds + 60));
        }

        return runs;
    }

    private static async Task<PixelCounts> CountPixelsAsync(IPage page, long seconds) =>
        await EvaluateAsync<PixelCounts>(page,
            """
            seconds => {
              const u = atmoDashboard.charts()[0];
              const x = Math.round(u.valToPos(seconds, 'x', true));
              const { top, height } = u.bbox;
              const pixels = u.ctx.getImageData(x - 2, top, 5, height).data;
              const near = (i, [r, g, b]) => Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) < 60;
              const series = [[0x1d, 0x4e, 0x89], [0xc2, 0x18, 0x5b], [0x7a, 0x52, 0x00]];
              let seriesPixels = 0, hatching = 0;
              for (let i = 0; i < pixels.length; i += 4) {
                if (series.some(c => near(i, c))) seriesPixels++;
                if (near(i, [0xb5, 0xb5, 0xb5])) hatching++;
              }
              return { series: seriesPixels, hatching };
            }
            """, seconds);

    /// <summary>Evaluates a function in the page and reads its result as JSON (records have no parameterless constructor).</summary>
    private static async Task<T> EvaluateAsync<T>(IPage page, string function, object? argument = null) =>
        JsonSerializer.Deserialize<T>(
            await page.EvaluateAsync<string>($"argument => JSON.stringify(({function})(argument))", argument),
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    private static async Task ExpectTime(ILocator field, string? iso)
    {
        if (iso is null)
        {
            await Expect(field).ToHaveTextAsync("—");
            return;
        }

        string shown = (await field.Locator("time").GetAttributeAsync("datetime"))!;
        Assert.Equal(DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture), DateTimeOffset.Parse(shown, CultureInfo.InvariantCulture));
    }

    /// <summary>The card's category is the one the 2024 EPA table gives for the PM2.5 value the card shows.</summary>
    private static async Task ExpectCategoryOfItsOwnValue(ILocator card)
    {
        ILocator badge = card.Locator(".aqi");
        string text = await badge.InnerTextAsync();
        string category = (await badge.GetAttributeAsync("data-category"))!;
        if (category == "none")
            return;
        double pm25 = double.Parse(text.Split(' ')[1], CultureInfo.InvariantCulture);
        Assert.Equal(Epa2024Category(pm25), category);
        Assert.EndsWith("· " + category, text, StringComparison.Ordinal);
    }

    private static async Task ExpectCategory(IPage page, MacAddress device, string category, string background)
    {
        ILocator badge = page.Locator($"#device-cards > li[data-mac='{device}'] .aqi");
        await Expect(badge).ToHaveAttributeAsync("data-category", category);
        await Expect(badge).ToHaveCSSAsync("background-color", background);
    }

    /// <summary>US EPA AQI categories for 24-hour PM2.5, 2024 revision; the concentration truncated to 0.1 µg/m³.</summary>
    private static string Epa2024Category(double pm25) => (Math.Floor(pm25 * 10 + 1e-9) / 10) switch
    {
        <= 9.0 => "Good",
        <= 35.4 => "Moderate",
        <= 55.4 => "Unhealthy for Sensitive Groups",
        <= 125.4 => "Unhealthy",
        <= 225.4 => "Very Unhealthy",
        _ => "Hazardous",
    };

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) ? v.GetString() : null;
    private static long? Number(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) ? v.GetInt64() : null;
    private static double? Value(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) ? v.GetDouble() : null;
    private static string Count(JsonElement records, string source) => records.GetProperty(source).GetInt64().ToString("N0", CultureInfo.InvariantCulture);
    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static long Seconds(DateTime time) => new DateTimeOffset(time, TimeSpan.Zero).ToUnixTimeSeconds();

    private sealed record ApiMinute(long Seconds, double? Pm1, double? Pm25, double? Pm10, string Source);

    public sealed record ChartData(long[] X, double?[] Pm1, double?[] Pm25, double?[] Pm10);

    public sealed record PixelCounts(int Series, int Hatching);

    public sealed record Point(double X, double Y);

    public sealed record StretchRow(string Source, long From, long To, long Minutes);
}

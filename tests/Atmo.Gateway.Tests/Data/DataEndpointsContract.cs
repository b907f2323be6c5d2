using System.Net;
using Atmo.Core;
using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Data;

/// <summary>One or more tests per row of the contract's parameter table, over real HTTP. Today is 2023-11-15 (UTC).</summary>
public abstract class DataEndpointsContract
{
    private const string A = "mac=AA:BB:CC:DD:EE:FF";

    protected abstract GatewayServer Server { get; }

    // ---- Byte-exact output, from the contract's examples ----------------------------------

    [Fact]
    public async Task Json_is_byte_exact_for_the_contract_example()
    {
        HttpResponseMessage response = await Server.GetDataAsync("mac=11:22:33:44:55:66&date=2023-11-14");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(
            """{"status":0,"data":{"total":2,"items":[{"time":"2023-11-14T23:53:00.000Z","voc":1.241,"pm1":1,"pm25":3,"pm10":5,"t":28,"h":15,"p":953.2,"coords":{"lat":45.4641008,"lon":9.1898154}},{"time":"2023-11-14T23:52:00.000Z","voc":2.012,"t":28,"h":15,"p":953.2}]}}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Csv_is_byte_exact_for_the_contract_example()
    {
        HttpResponseMessage response = await Server.GetDataAsync("mac=11:22:33:44:55:66&date=2023-11-14&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(
            "Date (GMT);VOC (ppm);Temperature (C);Humidity (%);Pressure (mbar);PM1 (ug/m3);PM2.5 (ug/m3);PM10 (ug/m3);Latitude;Longitude\n" +
            "2023/11/14 23:53;1.241;28;15;953.2;1;3;5;45.4641008;9.1898154\n" +
            "2023/11/14 23:52;2.012;28;15;953.2;;;;;\n",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("comma")]
    [InlineData(",")]
    [InlineData("COMMA")]
    public async Task Separator_comma_separates_header_and_rows_with_commas(string separator)
    {
        HttpResponseMessage response = await Server.GetDataAsync(
            $"mac=11:22:33:44:55:66&date=2023-11-14&format=csv&separator={Uri.EscapeDataString(separator)}");

        Assert.Equal(
            "Date (GMT),VOC (ppm),Temperature (C),Humidity (%),Pressure (mbar),PM1 (ug/m3),PM2.5 (ug/m3),PM10 (ug/m3),Latitude,Longitude\n" +
            "2023/11/14 23:53,1.241,28,15,953.2,1,3,5,45.4641008,9.1898154\n" +
            "2023/11/14 23:52,2.012,28,15,953.2,,,,,\n",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("semicolon")]
    [InlineData(";")]
    [InlineData("")]
    public async Task Separator_semicolon_is_the_default(string separator)
    {
        HttpResponseMessage response = await Server.GetDataAsync(
            $"mac=11:22:33:44:55:66&date=2023-11-14&format=csv&separator={Uri.EscapeDataString(separator)}");

        string csv = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("Date (GMT);VOC (ppm);", csv, StringComparison.Ordinal);
        Assert.Contains("\n2023/11/14 23:52;2.012;28;15;953.2;;;;;\n", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tab")]
    [InlineData("|")]
    [InlineData("%3B%3B")]
    public async Task Separator_anything_else_is_400(string separator)
    {
        string message = await HttpAssert.ErrorAsync(
            await Server.GetDataAsync($"{A}&format=csv&separator={separator}"), HttpStatusCode.BadRequest);
        Assert.Equal("separator must be semicolon, ';', comma or ','", message);
    }

    [Fact]
    public async Task Empty_csv_result_is_the_header_alone()
    {
        HttpResponseMessage response = await Server.GetDataAsync("mac=11:22:33:44:55:66&date=2023-11-13&format=csv");

        Assert.Equal(
            "Date (GMT);VOC (ppm);Temperature (C);Humidity (%);Pressure (mbar);PM1 (ug/m3);PM2.5 (ug/m3);PM10 (ug/m3);Latitude;Longitude\n",
            await response.Content.ReadAsStringAsync());
    }

    // ---- mac ------------------------------------------------------------------------------

    [Theory]
    [InlineData("11:22:33:44:55:66")]
    [InlineData("11-22-33-44-55-66")]
    [InlineData("112233445566")]
    [InlineData("aa:bb:cc:dd:ee:ff")]
    [InlineData("AA-bb-CC-dd-EE-ff")]
    [InlineData("aabbccddeeff")]
    public async Task Mac_accepts_colons_dashes_and_bare_hex_in_any_case(string mac)
    {
        (int total, _) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"mac={mac}&date=2023-11-14"));

        Assert.Equal(2, total); // both devices have two records that day
        Assert.Equal(mac.StartsWith("11", StringComparison.Ordinal) ? TestData.ContractDevice : TestData.DeviceA,
            Server.Store.QueryLog[^1].Device);
    }

    [Fact]
    public async Task Mac_missing_is_400()
    {
        string message = await HttpAssert.ErrorAsync(await Server.GetDataAsync("date=2023-11-14"), HttpStatusCode.BadRequest);
        Assert.Equal("mac is required: the device address as AA:BB:CC:DD:EE:FF, AA-BB-CC-DD-EE-FF or 12 hex digits", message);
    }

    [Theory]
    [InlineData("AA:BB:CC:DD:EE")]
    [InlineData("AA:BB:CC:DD:EE:FG")]
    [InlineData("AA:BB-CC:DD:EE:FF")]
    [InlineData("AA.BB.CC.DD.EE.FF")]
    [InlineData("0xAABBCCDDEE")]
    [InlineData("AABBCCDDEEFF00")]
    [InlineData("%27%20OR%201%3D1--")]
    public async Task Mac_malformed_is_400(string mac)
    {
        string message = await HttpAssert.ErrorAsync(await Server.GetDataAsync($"mac={mac}"), HttpStatusCode.BadRequest);
        Assert.Equal("mac must be a device address as AA:BB:CC:DD:EE:FF, AA-BB-CC-DD-EE-FF or 12 hex digits", message);
    }

    [Fact]
    public async Task Mac_well_formed_without_data_is_200_with_an_empty_list()
    {
        HttpResponseMessage response = await Server.GetDataAsync("mac=01:02:03:04:05:06");

        Assert.Equal("""{"status":0,"data":{"total":0,"items":[]}}""", await response.Content.ReadAsStringAsync());
    }

    // ---- order ----------------------------------------------------------------------------

    [Theory]
    [InlineData("", "2023-11-15T23:59:00.000Z")]
    [InlineData("&order=desc", "2023-11-15T23:59:00.000Z")]
    [InlineData("&order=DESC", "2023-11-15T23:59:00.000Z")]
    [InlineData("&order=asc", "2023-11-01T00:00:00.000Z")]
    [InlineData("&order=Asc", "2023-11-01T00:00:00.000Z")]
    public async Task Order_is_asc_or_desc_case_insensitive_default_newest_first(string order, string first)
    {
        (_, List<string> times) = await HttpAssert.ItemsAsync(await Server.GetDataAsync(A + order));

        Assert.Equal(first, times[0]);
        Assert.Equal(times.Order(StringComparer.Ordinal).ToList(),
            first.StartsWith("2023-11-01", StringComparison.Ordinal) ? times : times.AsEnumerable().Reverse().ToList());
    }

    [Theory]
    [InlineData("ascending")]
    [InlineData("1")]
    [InlineData("newest")]
    public async Task Order_anything_else_is_400(string order)
    {
        string message = await HttpAssert.ErrorAsync(await Server.GetDataAsync($"{A}&order={order}"), HttpStatusCode.BadRequest);
        Assert.Equal("order must be asc or desc", message);
    }

    // ---- format ---------------------------------------------------------------------------

    [Theory]
    [InlineData("", "application/json; charset=utf-8")]
    [InlineData("&format=json", "application/json; charset=utf-8")]
    [InlineData("&format=JSON", "application/json; charset=utf-8")]
    [InlineData("&format=csv", "text/csv; charset=utf-8")]
    [InlineData("&format=Csv", "text/csv; charset=utf-8")]
    public async Task Format_is_json_by_default_or_csv(string format, string contentType)
    {
        HttpResponseMessage response = await Server.GetDataAsync(A + format);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("jsonp")]
    [InlineData("csv;")]
    public async Task Format_anything_else_is_400(string format)
    {
        string message = await HttpAssert.ErrorAsync(await Server.GetDataAsync($"{A}&format={Uri.EscapeDataString(format)}"), HttpStatusCode.BadRequest);
        Assert.Equal("format must be json or csv", message);
    }

    [Fact]
    public async Task Errors_answer_json_even_when_csv_was_asked()
    {
        string message = await HttpAssert.ErrorAsync(await Server.GetDataAsync($"{A}&format=csv&limit=0"), HttpStatusCode.BadRequest);
        Assert.Equal("limit must be a whole number from 1 to 1440 without date or start_date", message);
    }

    // ---- offset ---------------------------------------------------------------------------

    [Fact]
    public async Task Offset_skips_records_after_ordering_and_total_stays_the_match_count()
    {
        (int total, List<string> all) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&limit=10"));
        (int pagedTotal, List<string> paged) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&limit=5&offset=3"));

        Assert.Equal(TestData.DeviceATotal, total);
        Assert.Equal(TestData.DeviceATotal, pagedTotal);
        Assert.Equal(all.Skip(3).Take(5), paged);
    }

    [Fact]
    public async Task Offset_defaults_to_zero_and_past_the_end_gives_an_empty_page()
    {
        (_, List<string> first) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&limit=1&offset="));
        (int total, List<string> none) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&offset=2147483647"));

        Assert.Equal(["2023-11-15T23:59:00.000Z"], first);
        Assert.Equal(TestData.DeviceATotal, total);
        Assert.Empty(none);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("abc")]
    [InlineData("+3")]
    [InlineData("%203")]
    [InlineData("2147483648")]
    [InlineData("99999999999999999999999")]
    public async Task Offset_malformed_is_400(string offset)
    {
        string message = await HttpAssert.ErrorAsync(await Server.GetDataAsync($"{A}&offset={offset}"), HttpStatusCode.BadRequest);
        Assert.Equal("offset must be a whole number from 0 to 2147483647", message);
    }

    // ---- limit ----------------------------------------------------------------------------

    [Fact]
    public async Task Limit_defaults_to_100_without_dates()
    {
        (int total, List<string> times) = await HttpAssert.ItemsAsync(await Server.GetDataAsync(A));

        Assert.Equal(TestData.DeviceATotal, total);
        Assert.Equal(100, times.Count);
        Assert.Equal(100, Server.Store.QueryLog[^1].Limit);
    }

    [Theory]
    [InlineData("date=2023-11-10", 1440)]
    [InlineData("date=2023-11-10&limit=", 1440)]
    [InlineData("start_date=2023-11-08&end_date=2023-11-12", 1448)]
    public async Task Limit_absent_or_empty_with_a_date_returns_every_record_of_the_range(string dates, int expected)
    {
        (int total, List<string> times) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&{dates}"));

        Assert.Equal(expected, total);
        Assert.Equal(expected, times.Count);
    }

    [Theory]
    [InlineData("limit=1", 1)]
    [InlineData("limit=1440", 1440)]
    public async Task Limit_applies_without_dates(string query, int expectedCount)
    {
        (int total, List<string> times) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&{query}"));

        Assert.Equal(TestData.DeviceATotal, total);
        Assert.Equal(expectedCount, times.Count);
    }

    [Theory]
    [InlineData("date=2023-11-10&limit=7", 1440)]
    [InlineData("date=2023-11-10&limit=1000", 1440)]
    [InlineData("start_date=2023-11-08&end_date=2023-11-12&limit=50", 1448)]
    [InlineData("start_date=2023-11-08&end_date=2023-11-12&limit=1440", 1448)]
    public async Task Limit_of_1440_or_less_with_dates_is_ignored_by_default(string query, int expected)
    {
        (int total, List<string> times) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&{query}"));

        Assert.Equal(expected, total);
        Assert.Equal(expected, times.Count);
        Assert.Null(Server.Store.QueryLog[^1].Limit);
    }

    [Theory]
    [InlineData("limit=1441", 1441, "2023-11-12T23:59:00.000Z")]
    [InlineData("limit=2000", 1448, "2023-11-12T23:59:00.000Z")]
    [InlineData("limit=1441&offset=1441", 7, "2023-11-10T00:02:00.000Z")]
    [InlineData("limit=2147483647&offset=1448", 0, null)]
    public async Task Limit_above_1440_with_dates_is_a_page_size_with_offset(string paging, int expectedCount, string? first)
    {
        (int total, List<string> times) = await HttpAssert.ItemsAsync(
            await Server.GetDataAsync($"{A}&start_date=2023-11-08&end_date=2023-11-12&{paging}"));

        Assert.Equal(1448, total);
        Assert.Equal(expectedCount, times.Count);
        Assert.Equal(first, times.FirstOrDefault());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1441")]
    [InlineData("2000")]
    [InlineData("-5")]
    [InlineData("ten")]
    [InlineData("1e3")]
    [InlineData("18446744073709551616")]
    public async Task Limit_outside_1_to_1440_without_dates_or_malformed_is_400(string limit)
    {
        string message = await HttpAssert.ErrorAsync(await Server.GetDataAsync($"{A}&limit={limit}"), HttpStatusCode.BadRequest);
        Assert.Equal("limit must be a whole number from 1 to 1440 without date or start_date", message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("ten")]
    [InlineData("1e3")]
    [InlineData("%2B2000")]
    [InlineData("2147483648")]
    public async Task Limit_zero_or_malformed_with_dates_is_400(string limit)
    {
        string message = await HttpAssert.ErrorAsync(await Server.GetDataAsync($"{A}&date=2023-11-10&limit={limit}"), HttpStatusCode.BadRequest);
        Assert.Equal("limit must be a whole number from 1 to 2147483647", message);
    }

    // ---- date -----------------------------------------------------------------------------

    [Theory]
    [InlineData("2023-11-01", 2, "2023-11-01T23:59:00.000Z", "2023-11-01T00:00:00.000Z")]
    [InlineData("2023-11-1", 2, "2023-11-01T23:59:00.000Z", "2023-11-01T00:00:00.000Z")]
    [InlineData("2023-11-10", 1440, "2023-11-10T23:59:00.000Z", "2023-11-10T00:00:00.000Z")]
    public async Task Date_is_one_whole_utc_day_padded_or_not(string date, int expected, string newest, string oldest)
    {
        (int total, List<string> times) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&date={date}"));

        Assert.Equal(expected, total);
        Assert.Equal(newest, times[0]);
        Assert.Equal(oldest, times[^1]);
    }

    [Fact]
    public async Task Date_unpadded_month_and_day_are_accepted()
    {
        await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&date=2022-6-1"));

        Assert.Equal(TestData.Utc(2022, 6, 1, 0, 0), Server.Store.QueryLog[^1].From);
        Assert.Equal(TestData.Utc(2022, 6, 2, 0, 0), Server.Store.QueryLog[^1].To);
    }

    [Theory]
    [InlineData("date", "2023-02-30")]
    [InlineData("date", "2023-13-01")]
    [InlineData("date", "2023-00-10")]
    [InlineData("date", "23-11-14")]
    [InlineData("date", "2023/11/14")]
    [InlineData("date", "14-11-2023")]
    [InlineData("date", "2023-11-14T00:00:00Z")]
    [InlineData("date", "0000-01-01")]
    [InlineData("start_date", "2023-11-31")]
    [InlineData("end_date", "yesterday")]
    public async Task Dates_malformed_are_400_naming_the_parameter(string name, string value)
    {
        string message = await HttpAssert.ErrorAsync(
            await Server.GetDataAsync($"{A}&{name}={Uri.EscapeDataString(value)}"), HttpStatusCode.BadRequest);
        Assert.Equal($"{name} must be a UTC day as YYYY-MM-DD, e.g. 2023-11-14", message);
    }

    [Theory]
    [InlineData("date=2023-11-16", 0)]
    [InlineData("start_date=2023-11-13&end_date=2023-11-16", 6)]
    [InlineData("start_date=2023-11-15&end_date=2023-11-22", 2)]
    public async Task Days_in_the_future_are_accepted_within_the_7_day_rule_and_hold_no_minutes(string dates, int expected)
    {
        (int total, List<string> times) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&{dates}&limit=300"));

        Assert.Equal(expected, total);
        Assert.Equal(expected, times.Count);
    }

    [Fact]
    public async Task Date_far_in_the_future_is_an_empty_day_not_an_error()
    {
        (int total, _) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&date=9999-12-31"));

        Assert.Equal(0, total);
    }

    // ---- start_date / end_date --------------------------------------------------------------

    [Fact]
    public async Task Range_is_whole_days_both_inclusive()
    {
        (int total, List<string> times) = await HttpAssert.ItemsAsync(
            await Server.GetDataAsync($"{A}&start_date=2023-11-11&end_date=2023-11-12&order=asc"));

        Assert.Equal(4, total);
        Assert.Equal(["2023-11-11T00:00:00.000Z", "2023-11-11T23:59:00.000Z", "2023-11-12T00:00:00.000Z", "2023-11-12T23:59:00.000Z"], times);
    }

    [Fact]
    public async Task Range_of_7_days_difference_is_accepted_and_8_is_400()
    {
        (int total, _) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&start_date=2023-11-01&end_date=2023-11-08"));
        string message = await HttpAssert.ErrorAsync(
            await Server.GetDataAsync($"{A}&start_date=2023-11-01&end_date=2023-11-09"), HttpStatusCode.BadRequest);

        Assert.Equal(16, total);
        Assert.Equal("end_date must be at most 7 days after start_date", message);
    }

    [Fact]
    public async Task Range_start_after_end_is_400()
    {
        string message = await HttpAssert.ErrorAsync(
            await Server.GetDataAsync($"{A}&start_date=2023-11-09&end_date=2023-11-08"), HttpStatusCode.BadRequest);
        Assert.Equal("start_date must not be after end_date", message);
    }

    [Fact]
    public async Task Range_same_day_is_one_day()
    {
        (int total, _) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&start_date=2023-11-10&end_date=2023-11-10"));
        Assert.Equal(1440, total);
    }

    [Fact]
    public async Task Start_date_alone_runs_7_days_when_that_is_before_today()
    {
        (int total, List<string> times) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&start_date=2023-11-01"));

        Assert.Equal(16, total);
        Assert.Equal("2023-11-08T23:59:00.000Z", times[0]);
        Assert.Equal("2023-11-01T00:00:00.000Z", times[^1]);
    }

    [Fact]
    public async Task Start_date_alone_stops_at_today_when_that_is_earlier()
    {
        (int total, List<string> times) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&start_date=2023-11-12"));

        Assert.Equal(8, total);
        Assert.Equal("2023-11-15T23:59:00.000Z", times[0]);
        Assert.Equal(TestData.Utc(2023, 11, 16, 0, 0), Server.Store.QueryLog[^1].To);
    }

    [Fact]
    public async Task Start_date_alone_in_the_future_is_that_day()
    {
        (int total, _) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&start_date=2023-12-01"));

        Assert.Equal(0, total);
        Assert.Equal(TestData.Utc(2023, 12, 1, 0, 0), Server.Store.QueryLog[^1].From);
        Assert.Equal(TestData.Utc(2023, 12, 2, 0, 0), Server.Store.QueryLog[^1].To);
    }

    [Fact]
    public async Task End_date_alone_is_400()
    {
        string message = await HttpAssert.ErrorAsync(await Server.GetDataAsync($"{A}&end_date=2023-11-08"), HttpStatusCode.BadRequest);
        Assert.Equal("end_date needs start_date: give start_date too (YYYY-MM-DD), or date for one day", message);
    }

    [Theory]
    [InlineData("date=2023-11-10&start_date=2023-11-09")]
    [InlineData("date=2023-11-10&end_date=2023-11-11")]
    [InlineData("date=2023-11-10&start_date=2023-11-09&end_date=2023-11-11")]
    public async Task Date_with_a_range_is_400_ambiguous(string query)
    {
        string message = await HttpAssert.ErrorAsync(await Server.GetDataAsync($"{A}&{query}"), HttpStatusCode.BadRequest);
        Assert.Equal("date cannot be combined with start_date or end_date: give date for one day, or start_date and end_date for a range", message);
    }

    // ---- no date, unknown and repeated parameters --------------------------------------------

    [Fact]
    public async Task No_date_at_all_gives_the_newest_records_first_with_the_limit()
    {
        (int total, List<string> times) = await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&limit=3"));

        Assert.Equal(TestData.DeviceATotal, total);
        Assert.Equal(["2023-11-15T23:59:00.000Z", "2023-11-15T00:00:00.000Z", "2023-11-14T23:59:00.000Z"], times);
    }

    [Fact]
    public async Task Unknown_parameters_are_ignored()
    {
        HttpResponseMessage plain = await Server.GetDataAsync("mac=11:22:33:44:55:66&date=2023-11-14");
        HttpResponseMessage extra = await Server.GetDataAsync("mac=11:22:33:44:55:66&date=2023-11-14&aqs=1&foo=bar&page=2&utm_source=x");

        Assert.Equal(await plain.Content.ReadAsStringAsync(), await extra.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("limit=5&limit=6", "limit")]
    [InlineData("limit=5&limit=", "limit")]
    [InlineData("format=json&format=csv", "format")]
    [InlineData("date=2023-11-10&date=2023-11-10", "date")]
    public async Task Repeated_parameters_are_400(string query, string name)
    {
        string message = await HttpAssert.ErrorAsync(await Server.GetDataAsync($"{A}&{query}"), HttpStatusCode.BadRequest);
        Assert.Equal($"{name} is given more than once; give each parameter once", message);
    }

    [Fact]
    public async Task Repeated_mac_is_400()
    {
        string message = await HttpAssert.ErrorAsync(await Server.GetDataAsync($"{A}&{A}"), HttpStatusCode.BadRequest);
        Assert.Equal("mac is given more than once; give each parameter once", message);
    }

    [Fact]
    public async Task Parameter_names_are_case_insensitive()
    {
        (int total, List<string> times) = await HttpAssert.ItemsAsync(await Server.GetDataAsync("MAC=AA:BB:CC:DD:EE:FF&Date=2023-11-01&ORDER=asc"));

        Assert.Equal(2, total);
        Assert.Equal("2023-11-01T00:00:00.000Z", times[0]);
    }

    [Fact]
    public async Task Query_reaches_the_store_as_one_call_with_the_resolved_range()
    {
        await HttpAssert.ItemsAsync(await Server.GetDataAsync($"{A}&start_date=2023-11-08&end_date=2023-11-12&order=asc&offset=4&limit=2000"));

        MinuteQuery query = Server.Store.QueryLog[^1];
        Assert.Equal(new MinuteQuery(TestData.DeviceA, TestData.Utc(2023, 11, 8, 0, 0), TestData.Utc(2023, 11, 13, 0, 0), SortOrder.Ascending, 4, 2000), query);
        Assert.Equal(DateTimeKind.Utc, query.From.Kind);
        Assert.Equal(DateTimeKind.Utc, query.To.Kind);
    }
}

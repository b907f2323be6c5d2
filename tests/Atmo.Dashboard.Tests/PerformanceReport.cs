using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Atmo.Dashboard.Tests;

/// <summary>
/// Prints the dashboard's performance numbers, read from the page's own performance marks
/// (<c>window.atmoDashboard.performance()</c>): the first load's transferred bytes, the draw of the API's
/// longest range (8 UTC days, 11,520 minutes × PM1/PM2.5/PM10), and how responsive the page stays while
/// it loads. It asserts what was drawn, never how fast: the machine is shared and noisy. The numbers
/// also go to <c>artifacts/performance.txt</c>. Run alone:
/// <c>dotnet test tests/Atmo.Dashboard.Tests --filter PerformanceReport --logger "console;verbosity=detailed"</c>.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class PerformanceReport(DashboardFixture fixture, ITestOutputHelper output)
{
    private const int Runs = 7;

    [Fact]
    public async Task PerformanceReport_prints_first_load_chart_draw_and_responsiveness()
    {
        PreparedMinutes prepared = fixture.Gateway.Prepared;
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(fixture);
        await dashboard.OpenDashboardAsync(DashboardFixture.SimulatedDevices + 2);
        Measurements first = await MeasureAsync(dashboard);

        var runs = new List<Measurements>();
        var probes = new List<double>();
        for (int run = 0; run < Runs; run++)
        {
            // While the range loads, the test asks the page's main thread for the time again and again:
            // each round trip waits for whatever task is running.
            Task shown = dashboard.ShowRangeAsync(PreparedMinutes.Lab.ToString(), prepared.FirstDay, prepared.LastDay);
            double slowest = 0;
            while (!shown.IsCompleted)
            {
                long start = Stopwatch.GetTimestamp();
                await dashboard.Page.EvaluateAsync<double>("() => performance.now()");
                slowest = Math.Max(slowest, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            await shown;
            probes.Add(slowest);
            Measurements m = await MeasureAsync(dashboard);
            Assert.Equal(prepared.LabMinutes, m.ChartPoints);
            runs.Add(m);
        }

        int[] lengths = await dashboard.Page.EvaluateAsync<int[]>("() => atmoDashboard.charts()[0].data.map(column => column.length)");
        Assert.Equal([prepared.LabMinutes, prepared.LabMinutes, prepared.LabMinutes, prepared.LabMinutes], lengths); // time + 3 series, no gap row
        Assert.Empty(dashboard.Errors);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Dashboard performance, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, Chromium headless, {Environment.ProcessorCount} cores; medians of {Runs} runs (min–max)");
        report.AppendLine(CultureInfo.InvariantCulture, $"first load: {first.FirstLoadFiles} files, {first.FirstLoadTransferredBytes / 1024.0:F1} KB transferred ({first.FirstLoadDecodedBytes / 1024.0:F1} KB uncompressed); target <= 300 KB");
        report.AppendLine(CultureInfo.InvariantCulture, $"PM chart, {prepared.LabMinutes:N0} points x 3 series, construction to first draw: {Summary(runs, m => m.PmChartDrawMs)} ms; target < 500 ms");
        report.AppendLine(CultureInfo.InvariantCulture, $"all 5 charts drawn (one task each): {Summary(runs, m => m.AllChartsDrawMs)} ms");
        report.AppendLine(CultureInfo.InvariantCulture, $"range fetched ({runs[0].RangeRequests} requests, 2 at a time): {Summary(runs, m => m.RangeFetchMs)} ms");
        report.AppendLine(CultureInfo.InvariantCulture, $"longest task while fetching: {Summary(runs, m => m.LongestTaskWhileFetchingMs)} ms; while drawing: {Summary(runs, m => m.LongestTaskWhileDrawingMs)} ms (0 = none over 50 ms)");
        report.AppendLine(CultureInfo.InvariantCulture, $"slowest main-thread round trip from the test while a range loads: {Summary(probes, p => p)} ms");
        output.WriteLine(report.ToString());
        await File.WriteAllTextAsync(Artifacts.PathOf("performance.txt"), report.ToString());
    }

    private static async Task<Measurements> MeasureAsync(DashboardPage dashboard) =>
        JsonSerializer.Deserialize<Measurements>(
            await dashboard.Page.EvaluateAsync<string>("() => JSON.stringify(atmoDashboard.performance())"),
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    private static string Summary<T>(IReadOnlyList<T> runs, Func<T, double?> value)
    {
        double[] sorted = [.. runs.Select(r => value(r) ?? double.NaN).Order()];
        return string.Create(CultureInfo.InvariantCulture, $"{sorted[sorted.Length / 2]:F1} ({sorted[0]:F1}–{sorted[^1]:F1})");
    }

    private sealed record Measurements(
        int FirstLoadFiles, long FirstLoadTransferredBytes, long FirstLoadDecodedBytes, int? ChartPoints,
        double? PmChartDrawMs, double? AllChartsDrawMs, double? RangeFetchMs, int? RangeRequests,
        double LongestTaskWhileFetchingMs, double LongestTaskWhileDrawingMs);
}

using Atmo.Core;
using Atmo.Core.TimeBase;
using Atmo.Gateway.CommandLine;
using Atmo.Gateway.Commands;
using Atmo.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Gateway.Tests.Commands;

/// <summary>`atmo-edge quarantine list|apply` end to end: the real command line and LiteDB file.</summary>
public sealed class QuarantineCommandTests : IDisposable
{
    private const string Mac = "AA:BB:CC:DD:EE:01";
    private static readonly MacAddress Device = MacAddress.Parse(Mac);
    private readonly string _dir = Directory.CreateTempSubdirectory("atmo-quarantine-").FullName;
    private readonly DateTime _hst = MinuteTime.Floor(DateTime.UtcNow).AddMinutes(-30);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Database => Path.Combine(_dir, "atmo.db");

    private LiteDbMinuteStore Open() => new(new StorageOptions { Path = Database }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);

    private async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await GatewayApp.CreateCli(output, error).RunAsync([.. args, $"--Storage:Path={Database}"]);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Ten minutes a device stamped three hours ahead, ending on the minute before its HST time + 3 h.</summary>
    private void QuarantineThreeHoursAhead()
    {
        DateTime first = _hst.AddHours(3).AddMinutes(-10);
        using LiteDbMinuteStore store = Open();
        store.Add(new QuarantinedBatch(0, Device, DateTimeOffset.UtcNow, new DateTimeOffset(_hst.AddSeconds(12), TimeSpan.Zero), new DateTimeOffset(first.AddSeconds(12), TimeSpan.Zero),
            [.. Enumerable.Range(0, 10).Select(i => new MinuteRecord { Device = Device, Time = first.AddMinutes(i), Source = MinuteSource.History, Pm25 = i })],
            "record times reach the future"));
    }

    [Fact]
    public async Task List_shows_the_devices_times_the_HST_time_and_the_shift_that_would_re_anchor_them()
    {
        QuarantineThreeHoursAhead();
        (int exit, string output, string error) = await Run("quarantine", "list");
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains(Mac, output, StringComparison.Ordinal);
        Assert.Contains("10 min", output, StringComparison.Ordinal);
        Assert.Contains("shift to HST-1min: -3h", output, StringComparison.Ordinal);
        Assert.Contains("record times reach the future", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_stores_the_minutes_shifted_marks_them_and_empties_the_quarantine()
    {
        QuarantineThreeHoursAhead();
        (int exit, string output, string error) = await Run("quarantine", "apply", "--mac", Mac, "--shift", "-3h");
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("10 minutes stored", output, StringComparison.Ordinal);

        using LiteDbMinuteStore store = Open();
        Assert.Empty(store.List());
        MinutePage page = store.Query(new MinuteQuery(Device, DateTime.MinValue, DateTime.MaxValue, SortOrder.Ascending));
        Assert.Equal(10, page.Total);
        Assert.Equal(_hst.AddMinutes(-10), page.Items[0].Time);
        Assert.Equal(_hst.AddMinutes(-1), page.Items[^1].Time);
        ReanchorMark mark = Assert.Single(store.Marks(Device));
        Assert.Equal((TimeSpan.FromHours(-3), "operator", 10), (mark.Shift, mark.By, mark.Minutes));
    }

    [Theory]
    [InlineData("--shift", "+1h", "later than now + 1 min")]
    [InlineData("--shift", "-30y", "before 2016")]
    public async Task A_shift_that_leaves_times_implausible_stores_nothing(string option, string shift, string reason)
    {
        QuarantineThreeHoursAhead();
        (int exit, _, string error) = await Run("quarantine", "apply", "--mac", Mac, option, shift);
        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains("nothing was stored", error, StringComparison.Ordinal);
        using LiteDbMinuteStore store = Open();
        Assert.Single(store.List());
        Assert.Empty(store.Devices());
    }

    [Theory]
    [InlineData("apply", "--mac", Mac)]
    [InlineData("apply", "--shift", "-3h")]
    [InlineData("apply", "--mac", Mac, "--shift", "3 hours")]
    [InlineData("drop")]
    public async Task Bad_command_lines_are_usage_errors(params string[] args)
    {
        (int exit, _, string error) = await Run(["quarantine", .. args]);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("-3h", -180)]
    [InlineData("+2d", 2880)]
    [InlineData("90m", 90)]
    [InlineData("-1y", -525_600)]
    public void Shifts_are_whole_minutes_and_print_back_as_given(string text, int minutes)
    {
        Assert.True(QuarantineCommand.TryParseShift(text, out TimeSpan shift));
        Assert.Equal(TimeSpan.FromMinutes(minutes), shift);
        Assert.True(QuarantineCommand.TryParseShift(QuarantineCommand.Format(shift), out TimeSpan again));
        Assert.Equal(shift, again);
    }
}

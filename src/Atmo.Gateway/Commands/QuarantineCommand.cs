using System.CommandLine;
using System.Globalization;
using Atmo.Core;
using Atmo.Core.Plausibility;
using Atmo.Core.TimeBase;
using Atmo.Gateway.CommandLine;

namespace Atmo.Gateway.Commands;

/// <summary>
/// <c>atmo-edge quarantine list [--mac MAC]</c> shows history kept out of the store because its times could not be
/// trusted; <c>atmo-edge quarantine apply --mac MAC --shift SHIFT</c> stores a device's quarantined minutes moved by
/// SHIFT (whole minutes, e.g. <c>-3h</c>, <c>+2d</c>, <c>90m</c>), marks them as shifted and empties its quarantine.
/// Like <c>import</c>, it opens the database itself: stop the service first.
/// </summary>
public sealed class QuarantineCommand : ICliCommand
{
    private readonly Argument<string> _action = new("action") { Description = "list | apply" };

    private readonly Option<MacAddress> _mac = MacOption.Create("the device");

    private readonly Option<TimeSpan?> _shift = new("--shift")
    {
        Description = "how far to move the device's times, whole minutes: -3h, +2d, 90m, -1y (365 d)",
        HelpName = "SHIFT",
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (TryParseShift(text, out TimeSpan shift))
                return shift;
            result.AddError($"--shift '{text}' is not a shift; expected a signed number of m, h, d or y, e.g. -3h or +2d");
            return null;
        },
    };

    public QuarantineCommand()
    {
        Definition = new Command("quarantine", "list history kept out of the store for its untrustworthy times, or store a device's quarantined minutes with a given shift") { _action, _mac, _shift };
        Definition.Validators.Add(command =>
        {
            if (command.GetValue(_action) is not ("list" or "apply"))
                command.AddError($"unknown action '{command.GetValue(_action)}': atmo-edge quarantine list [--mac <MAC>] | apply --mac <MAC> --shift <SHIFT>");
            else if (command.GetValue(_action) == "apply" && (command.GetResult(_mac) is null || command.GetResult(_shift) is null))
                command.AddError("apply needs --mac and --shift: atmo-edge quarantine apply --mac <MAC> --shift <SHIFT>");
        });
    }

    public Command Definition { get; }

    public async Task<int> RunAsync(CommandContext context)
    {
        var quarantine = context.Services.GetRequiredService<IHistoryQuarantine>();
        MacAddress? device = context.Arguments.GetResult(_mac) is null ? null : context.Arguments.GetValue(_mac);
        if (context.Arguments.GetValue(_action) == "list")
            return await ListAsync(context.Out, quarantine, device);

        TimeSpan shift = context.Arguments.GetValue(_shift)!.Value;
        IReadOnlyList<QuarantinedBatch> batches = quarantine.List(device);
        if (batches.Count == 0)
        {
            await context.Error.WriteLineAsync($"nothing quarantined for {device}");
            return ExitCodes.Failure;
        }

        DateTimeOffset now = context.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        MinuteRecord[] shifted = [.. batches.SelectMany(b => b.Records).Select(r => r with { Time = r.Time + shift })];
        MinuteRecord? bad = shifted.FirstOrDefault(r => !PlausibleTime.IsPlausible(r.Time, now));
        if (bad is not null)
        {
            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"with --shift {context.Arguments.GetResult(_shift)!.Tokens[0].Value} a minute would be stored at {bad.Time:yyyy-MM-dd HH:mm}Z, which is {(bad.Time < PlausibleTime.EarliestMinute ? "before " + PlausibleTime.EarliestMinute.Year : "later than now + 1 min")}; nothing was stored"));
            return ExitCodes.Failure;
        }

        WriteResult result = context.Services.GetRequiredService<IMinuteStore>().Write(shifted);
        quarantine.AddMark(new ReanchorMark(device!.Value, now, shift, shifted.Min(r => r.Time), shifted.Max(r => r.Time), shifted.Length, "operator"));
        quarantine.Remove([.. batches.Select(b => b.Id)]);
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{device}: {shifted.Length:N0} minutes stored from {shifted.Min(r => r.Time):yyyy-MM-dd HH:mm}Z to {shifted.Max(r => r.Time):yyyy-MM-dd HH:mm}Z ({result.Inserted:N0} new, {result.Replaced:N0} replaced live, {result.Unchanged:N0} unchanged), marked as shifted; quarantine emptied"));
        return ExitCodes.Success;
    }

    private static async Task<int> ListAsync(TextWriter o, IHistoryQuarantine quarantine, MacAddress? device)
    {
        IReadOnlyList<QuarantinedBatch> batches = quarantine.List(device);
        await o.WriteLineAsync(batches.Count == 0 ? "nothing quarantined" : "quarantined history (device times as stamped; HST = the time the gateway sent):");
        foreach (QuarantinedBatch b in batches)
        {
            DateTime first = b.Records.Min(r => r.Time), last = b.Records.Max(r => r.Time);
            var suggested = TimeSpan.FromMinutes(Math.Round((b.RequestTime.AddMinutes(-1) - new DateTimeOffset(last, TimeSpan.Zero)).TotalMinutes));
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  #{b.Id} {b.Device}  {b.Records.Count,4} min  {first:yyyy-MM-dd HH:mm}Z..{last:yyyy-MM-dd HH:mm}Z  HST {b.RequestTime:yyyy-MM-dd HH:mm:ss}Z  received {b.ReceivedAt:yyyy-MM-dd HH:mm}Z  shift to HST-1min: {Format(suggested)}"));
            await o.WriteLineAsync($"      {b.Reason}");
        }

        foreach (ReanchorMark m in quarantine.Marks(device).TakeLast(20))
        {
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  stored shifted: {m.Device} {m.Minutes} min {m.FirstMinute:yyyy-MM-dd HH:mm}Z..{m.LastMinute:yyyy-MM-dd HH:mm}Z shifted {Format(m.Shift)} by {m.By} at {m.At:yyyy-MM-dd HH:mm}Z"));
        }

        return ExitCodes.Success;
    }

    /// <summary>A shift as the command takes it: whole minutes, e.g. "-180m" → "-3h", "+2d".</summary>
    public static string Format(TimeSpan shift)
    {
        string sign = shift < TimeSpan.Zero ? "-" : "+";
        TimeSpan d = shift.Duration();
        return sign + (d.TotalDays >= 1 && d.TotalDays % 1 == 0 ? $"{d.TotalDays:0}d"
            : d.TotalHours % 1 == 0 ? $"{d.TotalHours:0}h"
            : $"{d.TotalMinutes:0}m");
    }

    public static bool TryParseShift(string text, out TimeSpan shift)
    {
        shift = default;
        text = text.Trim();
        if (text.Length < 2)
            return false;
        char unit = char.ToLowerInvariant(text[^1]);
        if (!long.TryParse(text[..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) || Math.Abs(n) > 100_000_000)
            return false;
        long minutes = unit switch
        {
            'm' => n,
            'h' => n * 60,
            'd' => n * 1440,
            'y' => n * 365 * 1440,
            _ => long.MinValue,
        };
        if (minutes == long.MinValue || minutes == 0)
            return false;
        shift = TimeSpan.FromMinutes(minutes);
        return true;
    }
}

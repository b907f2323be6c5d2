using System.Diagnostics.CodeAnalysis;
using Atmo.Core;
using Atmo.Gateway.Data;
using Atmo.Gateway.Data.Output;
using Microsoft.Extensions.Primitives;

namespace Atmo.Gateway.Api;

/// <summary>
/// The rules of <c>GET /api/v1/data</c> that no public source settles, so we decided them (the [D]
/// decisions of <c>docs/api-contract.md</c>, numbered there in the same order), and the rules that
/// real clients overturned, with their evidence. A real capture may overturn any decision, so each
/// lives here once (a constant or a small rule the endpoint calls).
/// </summary>
public static class ContractDecisions
{
    // ---- Access ---------------------------------------------------------------------------

    /// <summary>[D1] A missing, repeated or unknown <c>api_key</c> answers 401 (not 403 or 400).</summary>
    public const int MissingOrUnknownKeyStatus = StatusCodes.Status401Unauthorized;

    /// <summary>
    /// [D2] Order of the checks: key (401), then rate limit (429), then parameters (400). An
    /// unauthenticated client learns nothing about parameters and spends no budget; a known key's
    /// malformed requests do count. The endpoint filters are added in this order in
    /// <see cref="ApiEndpoints.MapApi"/>.
    /// </summary>
    public const string CheckOrder = "api_key, rate limit, parameters";

    /// <summary>
    /// [D3] Over the rate limit: 429 with <c>Retry-After</c> = whole seconds until the next
    /// wall-clock minute, rounded up and at least 1, so a client that waits that long lands in the
    /// new window. Rejected requests do not count.
    /// </summary>
    public static int RetryAfterSeconds(DateTimeOffset now)
    {
        long ticksLeft = (MinuteTime.NextMinuteStart(now) - now.UtcDateTime).Ticks;
        return (int)Math.Max(1, (ticksLeft + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond);
    }

    // ---- Parameters -----------------------------------------------------------------------

    /// <summary>
    /// [D4] <c>mac</c> also accepts <c>-</c> separators and 12 bare hex digits (parsed by
    /// <see cref="MacAddress.TryParse"/>); this text names the accepted forms in errors.
    /// </summary>
    public const string MacForms = "AA:BB:CC:DD:EE:FF, AA-BB-CC-DD-EE-FF or 12 hex digits";

    /// <summary>
    /// [D5] An empty value (<c>limit=</c>) counts as absent, for every parameter: the contract says
    /// so for <c>limit</c>, one rule for all is least surprising. [D6] A parameter given more than
    /// once answers 400: guessing which one the client meant could silently return the wrong data.
    /// Parameter names are case-insensitive (ASP.NET Core's query collection); unknown parameters
    /// are ignored.
    /// </summary>
    /// <returns>False with <paramref name="error"/> when the parameter is repeated.</returns>
    public static bool TryGetSingle(IQueryCollection query, string name, out string? value, [NotNullWhen(false)] out string? error)
    {
        StringValues values = query[name];
        error = null;
        value = null;
        if (values.Count > 1)
        {
            error = $"{name} is given more than once; give each parameter once";
            return false;
        }

        string? single = values.Count == 1 ? values[0] : null;
        value = string.IsNullOrEmpty(single) ? null : single;
        return true;
    }

    /// <summary>
    /// [D7] The values of <c>order</c>, <c>format</c> and <c>separator</c> are case-insensitive;
    /// <c>separator</c> is validated even with <c>format=json</c>.
    /// </summary>
    public const StringComparison EnumValueComparison = StringComparison.OrdinalIgnoreCase;

    /// <summary>
    /// [D8] Numbers (<c>limit</c>, <c>offset</c>) are plain ASCII digits: no sign, spaces, decimals or
    /// exponent. <c>limit</c> is at least 1. Without <c>date</c> or a range it is at most 1440 [V] and a
    /// larger one answers 400 (not clamped); with dates any larger value is accepted (see
    /// <see cref="EffectiveLimit"/>).
    /// </summary>
    public const int MinLimit = 1;

    /// <inheritdoc cref="MinLimit"/>
    public const int MaxLimitWithoutDates = 1440;

    /// <summary>[V] The limit when neither <c>limit</c> nor a date is given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest <c>limit</c> accepted: 1440 without dates [D8], any with dates [O][V].</summary>
    public static int MaxLimit(bool datesGiven) => datesGiven ? int.MaxValue : MaxLimitWithoutDates;

    /// <summary>
    /// [D9] (overturned by real clients, issue 10) The limit used for a request, or null for every
    /// record of the day or range; <c>offset</c> always applies. Without dates: the given one, default
    /// 100 [V]. With dates, per <c>Api:LimitWithDates</c>: <c>cloud</c> ignores a limit up to 1440 [O: the
    /// cloud answered a public client's <c>limit=50</c> weekly requests with up to 8,321 rows; V: "If you
    /// specify a start date and end date, leave this field empty, as more than 1440 data points will be
    /// fetched"] and uses a larger one as a page size [V: the vendor's example sends <c>limit=2000</c> with
    /// a range; I: a public dashboard pages ranges with <c>limit=2000</c> and <c>offset</c>]; <c>apply</c>
    /// always uses it; <c>ignore</c> never does.
    /// </summary>
    public static int? EffectiveLimit(int? givenLimit, bool datesGiven, LimitWithDatesRule rule)
    {
        if (!datesGiven)
            return givenLimit ?? DefaultLimit;
        return rule switch
        {
            LimitWithDatesRule.Cloud => givenLimit > MaxLimitWithoutDates ? givenLimit : null,
            LimitWithDatesRule.Apply => givenLimit,
            _ => null,
        };
    }

    /// <summary>
    /// [V][O] <c>end_date − start_date</c> is at most this many days (8 calendar days). Days in the future
    /// are accepted within this rule and simply hold no minutes yet [I: a public dashboard asks for
    /// two days ago to tomorrow].
    /// </summary>
    public const int MaxRangeDays = 7;

    /// <summary>
    /// The UTC days a request covers, or null for "no date at all", or an error. Holds
    /// [D10] <c>date</c> with <c>start_date</c> or <c>end_date</c> is ambiguous: 400;
    /// [D11] <c>end_date</c> alone: 400;
    /// [D12] <c>start_date</c> alone: to 7 days later or today, whichever is earlier (a start in the
    /// future gives just that day). The [V][O] rules: both bounds inclusive, at most 7 days apart,
    /// start not after end.
    /// </summary>
    public static bool TryResolveDays(
        DateOnly? date, DateOnly? startDate, DateOnly? endDate, DateOnly today,
        out DayRange? days, [NotNullWhen(false)] out string? error)
    {
        days = null;
        error = null;
        if (date is { } day)
        {
            if (startDate is not null || endDate is not null)
            {
                error = "date cannot be combined with start_date or end_date: give date for one day, or start_date and end_date for a range";
                return false;
            }

            days = new DayRange(day, day);
            return true;
        }

        if (startDate is not { } start)
        {
            if (endDate is not null)
            {
                error = "end_date needs start_date: give start_date too (YYYY-MM-DD), or date for one day";
                return false;
            }

            return true;
        }

        DateOnly end = endDate ?? ImpliedEndDate(start, today);
        if (start > end)
        {
            error = "start_date must not be after end_date";
            return false;
        }

        if (end.DayNumber - start.DayNumber > MaxRangeDays)
        {
            error = $"end_date must be at most {MaxRangeDays} days after start_date";
            return false;
        }

        days = new DayRange(start, end);
        return true;
    }

    private static DateOnly ImpliedEndDate(DateOnly start, DateOnly today)
    {
        DateOnly weekLater = start.DayNumber <= DateOnly.MaxValue.DayNumber - MaxRangeDays
            ? start.AddDays(MaxRangeDays)
            : DateOnly.MaxValue;
        DateOnly end = weekLater < today ? weekLater : today;
        return end < start ? start : end;
    }

    // ---- Response -------------------------------------------------------------------------

    /// <summary>
    /// [D13] <c>total</c> is the number of records matching the query before <c>offset</c> and
    /// <c>limit</c>, so a client can page. (Implemented by <see cref="IMinuteStore.StreamQuery"/>.)
    /// </summary>
    public const string TotalMeaning = "records matching before offset and limit";

    /// <summary>
    /// [D14] Numbers of minutes measured by the device (<c>history</c>, <c>live</c>): <c>voc</c> rounded to 3
    /// decimals and <c>p</c> to 2, midpoints away from zero (the contract's "up to"); every other value
    /// as stored, with the fewest digits that read back to the same double, in plain decimal notation up
    /// to 7 decimals (<c>45.4641008</c>, <c>0.0000001</c>) and exponent notation beyond (<c>1.5E-08</c>,
    /// <c>1E+20</c>). No trailing zeros, <c>-0</c> written <c>0</c>. Minutes from the cloud are written
    /// exactly as the cloud sent them [O, issue 10: the cloud sends positions such as
    /// <c>36.17102679826757</c>]: every value as stored, <c>voc</c> and <c>p</c> not rounded (see
    /// <see cref="DecimalsOf"/>).
    /// </summary>
    public const int VocDecimals = 3;

    /// <inheritdoc cref="VocDecimals"/>
    public const int PressureDecimals = 2;

    /// <inheritdoc cref="VocDecimals"/>
    public const MidpointRounding Rounding = MidpointRounding.AwayFromZero;

    /// <summary>
    /// The decimals to write a value of a minute from <paramref name="source"/> with: the device rule
    /// (<paramref name="deviceDecimals"/>) or, for the cloud's minutes, as stored (exactly as received).
    /// </summary>
    public static int DecimalsOf(MinuteSource source, int deviceDecimals) =>
        source.KeepsExactValues() ? WireNumber.AsStored : deviceDecimals;

    /// <summary>
    /// [D15] A NaN or infinite stored value counts as not measured: left out of JSON, an empty
    /// CSV field (JSON cannot carry it, and a 5xx would hide the whole page).
    /// </summary>
    public static bool IsWritable(double? value) => value is { } v && double.IsFinite(v);

    /// <summary>
    /// [D16] A position is written only when both latitude and longitude are known; a record's
    /// own position wins over the device's configured fixed site.
    /// </summary>
    public static GeoPosition? PositionOf(in StoredMinute minute, GeoPosition? site)
    {
        if (IsWritable(minute.Latitude) && IsWritable(minute.Longitude))
            return new GeoPosition(minute.Latitude!.Value, minute.Longitude!.Value);
        return site is { } s && double.IsFinite(s.Latitude) && double.IsFinite(s.Longitude) ? s : null;
    }

    /// <summary>
    /// [D17] CSV: no quoting (every value is numeric); <c>\n</c> after every line, the last one
    /// included; an empty result is the header line alone.
    /// </summary>
    public const byte CsvLineEnd = (byte)'\n';

    /// <summary>
    /// [D18] Every error answers JSON <c>{"status":N,"message":"..."}</c> whatever <c>format</c> was
    /// asked; messages name the parameter and the accepted form and never echo the input. Unknown
    /// paths (404) and other methods (405) answer the same shape; 500 carries only a correlation id.
    /// </summary>
    public const string ErrorContentType = "application/json; charset=utf-8";
}

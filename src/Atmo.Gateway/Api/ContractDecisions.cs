using System.Diagnostics.CodeAnalysis;
using Atmo.Core;
using Atmo.Gateway.Data;
using Microsoft.Extensions.Primitives;

namespace Atmo.Gateway.Api;

/// <summary>
/// Every decision marked [D] in <c>docs/cloud-api-contract.md</c>: the places where no public source
/// settles how the Atmotube Cloud behaves, so we chose. A real capture may overturn any of them, so
/// each lives here once (a constant or a small rule the endpoint calls) and the README's
/// "Compatibility notes" lists them in the same order.
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
    /// [D8] <c>limit</c> outside 1…1440 answers 400; it is not clamped. Numbers (<c>limit</c>,
    /// <c>offset</c>) are plain ASCII digits: no sign, spaces, decimals or exponent.
    /// </summary>
    public const int MinLimit = 1;

    /// <inheritdoc cref="MinLimit"/>
    public const int MaxLimit = 1440;

    /// <summary>
    /// [D9] The limit used for a request: the given one, which applies also with a date or a
    /// range; without one, 100 when no date is given [V], every record of the range otherwise [V][O].
    /// </summary>
    public static int? EffectiveLimit(int? givenLimit, bool datesGiven) =>
        givenLimit ?? (datesGiven ? null : 100);

    /// <summary>[V][O] <c>end_date − start_date</c> is at most this many days (8 calendar days).</summary>
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
    /// <c>limit</c>, so a client can page. (Implemented by <see cref="IMinuteStore.Query"/>.)
    /// </summary>
    public const string TotalMeaning = "records matching before offset and limit";

    /// <summary>
    /// [D14] Numbers: <c>voc</c> rounded to 3 decimals and <c>p</c> to 2, midpoints away from zero
    /// (the contract's "up to"); every other value as stored, with the fewest digits that read back
    /// to the same double, in plain decimal notation up to 7 decimals (<c>45.4641008</c>,
    /// <c>0.0000001</c>) and exponent notation beyond (<c>1.5E-08</c>, <c>1E+20</c>). No trailing
    /// zeros, <c>-0</c> written <c>0</c>.
    /// </summary>
    public const int VocDecimals = 3;

    /// <inheritdoc cref="VocDecimals"/>
    public const int PressureDecimals = 2;

    /// <inheritdoc cref="VocDecimals"/>
    public const MidpointRounding Rounding = MidpointRounding.AwayFromZero;

    /// <summary>
    /// [D15] A NaN or infinite stored value counts as not measured: left out of JSON, an empty
    /// CSV field (JSON cannot carry it, and a 5xx would hide the whole page).
    /// </summary>
    public static bool IsWritable(double? value) => value is { } v && double.IsFinite(v);

    /// <summary>
    /// [D16] A position is written only when both latitude and longitude are known; a record's
    /// own position wins over the device's configured fixed site.
    /// </summary>
    public static GeoPosition? PositionOf(MinuteRecord record, GeoPosition? site)
    {
        if (IsWritable(record.Latitude) && IsWritable(record.Longitude))
            return new GeoPosition(record.Latitude!.Value, record.Longitude!.Value);
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

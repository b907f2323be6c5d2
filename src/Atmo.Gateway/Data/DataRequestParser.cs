using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Atmo.Core;
using Atmo.Gateway.Api;

namespace Atmo.Gateway.Data;

/// <summary>
/// Reads the query string of <c>GET /api/v1/data</c> (everything but <c>api_key</c>, which the
/// access filters check first). Syntax lives here; the [D] rules are in <see cref="ContractDecisions"/>.
/// </summary>
public static class DataRequestParser
{
    private const string DayForm = "a UTC day as YYYY-MM-DD, e.g. 2023-11-14";

    /// <param name="today">The current UTC day, for <c>start_date</c> without <c>end_date</c>.</param>
    /// <param name="limitWithDates">The setting <c>Api:LimitWithDates</c>.</param>
    public static bool TryParse(
        IQueryCollection query, DateOnly today, LimitWithDatesRule limitWithDates,
        [NotNullWhen(true)] out DataRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!ContractDecisions.TryGetSingle(query, "mac", out string? macText, out error))
            return false;
        if (macText is null)
            return Fail($"mac is required: the device address as {ContractDecisions.MacForms}", out error);
        if (!MacAddress.TryParse(macText, out MacAddress device))
            return Fail($"mac must be a device address as {ContractDecisions.MacForms}", out error);

        if (!TryGetChoice(query, "order", [("desc", SortOrder.Descending), ("asc", SortOrder.Ascending)],
                SortOrder.Descending, "asc or desc", out SortOrder order, out error))
            return false;

        if (!TryGetChoice(query, "format", [("json", DataFormat.Json), ("csv", DataFormat.Csv)],
                DataFormat.Json, "json or csv", out DataFormat format, out error))
            return false;

        if (!TryGetChoice(query, "separator", [("semicolon", (byte)';'), (";", (byte)';'), ("comma", (byte)','), (",", (byte)',')],
                (byte)';', "semicolon, ';', comma or ','", out byte separator, out error))
            return false;

        // A gateway extension (the dashboard's): the Cloud has no such parameter, so its answers never change.
        if (!TryGetChoice(query, "include", [("source", true)], false, "source", out bool includeSource, out error))
            return false;
        if (includeSource && format == DataFormat.Csv)
            return Fail("include=source works with format=json only; the CSV keeps the columns of the Cloud", out error);

        if (!TryGetInteger(query, "offset", 0, int.MaxValue, out int? offset, out error))
            return false;

        if (!TryGetDay(query, "date", out DateOnly? date, out error)
            || !TryGetDay(query, "start_date", out DateOnly? startDate, out error)
            || !TryGetDay(query, "end_date", out DateOnly? endDate, out error))
            return false;

        if (!ContractDecisions.TryResolveDays(date, startDate, endDate, today, out DayRange? days, out error))
            return false;

        // After the dates: what limit may be depends on them.
        bool datesGiven = days is not null;
        if (!TryGetInteger(query, "limit", ContractDecisions.MinLimit, ContractDecisions.MaxLimit(datesGiven), out int? limit, out error,
                datesGiven ? null : " without date or start_date"))
            return false;

        request = new DataRequest(
            device, order, format, offset ?? 0,
            ContractDecisions.EffectiveLimit(limit, datesGiven, limitWithDates),
            days, separator, includeSource);
        return true;
    }

    private static bool TryGetChoice<T>(
        IQueryCollection query, string name, (string Text, T Value)[] choices, T defaultValue, string accepted,
        out T value, [NotNullWhen(false)] out string? error)
    {
        value = defaultValue;
        if (!ContractDecisions.TryGetSingle(query, name, out string? text, out error))
            return false;
        if (text is null)
            return true;
        foreach ((string choiceText, T choiceValue) in choices)
        {
            if (string.Equals(text, choiceText, ContractDecisions.EnumValueComparison))
            {
                value = choiceValue;
                return true;
            }
        }

        return Fail($"{name} must be {accepted}", out error);
    }

    /// <param name="condition">Appended to the error message, e.g. " without date or start_date".</param>
    private static bool TryGetInteger(
        IQueryCollection query, string name, int min, int max, out int? value, [NotNullWhen(false)] out string? error,
        string? condition = null)
    {
        value = null;
        if (!ContractDecisions.TryGetSingle(query, name, out string? text, out error))
            return false;
        if (text is null)
            return true;
        // Digits only: no sign, no spaces, no thousands separators, whatever the culture.
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) && parsed >= min && parsed <= max)
        {
            value = parsed;
            return true;
        }

        return Fail($"{name} must be a whole number from {min} to {max}{condition}", out error);
    }

    private static bool TryGetDay(IQueryCollection query, string name, out DateOnly? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        if (!ContractDecisions.TryGetSingle(query, name, out string? text, out error))
            return false;
        if (text is null)
            return true;
        if (TryParseDay(text, out DateOnly day))
        {
            value = day;
            return true;
        }

        return Fail($"{name} must be {DayForm}", out error);
    }

    /// <summary><c>YYYY-MM-DD</c>, month and day may be unpadded (<c>2022-6-1</c>) [I]; the day must exist.</summary>
    public static bool TryParseDay(ReadOnlySpan<char> text, out DateOnly day)
    {
        day = default;
        Span<Range> parts = stackalloc Range[4];
        if (text.Split(parts, '-') != 3)
            return false;
        ReadOnlySpan<char> yearText = text[parts[0]], monthText = text[parts[1]], dayText = text[parts[2]];
        if (yearText.Length != 4 || monthText.Length is < 1 or > 2 || dayText.Length is < 1 or > 2)
            return false;
        if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out int year)
            || !int.TryParse(monthText, NumberStyles.None, CultureInfo.InvariantCulture, out int month)
            || !int.TryParse(dayText, NumberStyles.None, CultureInfo.InvariantCulture, out int dayOfMonth))
            return false;
        if (year < 1 || month is < 1 or > 12 || dayOfMonth < 1 || dayOfMonth > DateTime.DaysInMonth(year, month))
            return false;
        day = new DateOnly(year, month, dayOfMonth);
        return true;
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Atmo.Core;

namespace Atmo.CloudDouble;

public sealed partial class CloudDoubleServer
{
    private const int MaxLimit = 1440;

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _inFlight);
        DateTimeOffset arrived = _time.GetUtcNow();
        IQueryCollection q = context.Request.Query;
        string query = RedactKey().Replace(context.Request.QueryString.Value ?? string.Empty, "$1***");
        var entry = new CloudRequestLogEntry(arrived, query, q["mac"].ToString());
        _log.Enqueue(entry);
        context.Response.OnStarting(() =>
        {
            entry.Status = context.Response.StatusCode;
            return Task.CompletedTask;
        });
        try
        {
            await AnswerAsync(context, q, arrived).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<int> AnswerAsync(HttpContext context, IQueryCollection q, DateTimeOffset now)
    {
        string key = q["api_key"].ToString();
        if (!KeyKnown(key))
            return await ErrorAsync(context, 401, "api_key is missing or unknown").ConfigureAwait(false);
        if (!TryCountRequest(key, now))
        {
            context.Response.Headers.RetryAfter = SecondsToNextMinute(now).ToString(CultureInfo.InvariantCulture);
            return await ErrorAsync(context, 429, "rate limit exceeded").ConfigureAwait(false);
        }
        if (now < Faults.RateLimitStormUntil)
        {
            if (!Faults.OmitRetryAfter)
                context.Response.Headers.RetryAfter = SecondsToNextMinute(now).ToString(CultureInfo.InvariantCulture);
            return await ErrorAsync(context, 429, "rate limit exceeded").ConfigureAwait(false);
        }
        if (now < Faults.OutageUntil)
            return await ErrorAsync(context, 503, "service unavailable").ConfigureAwait(false);
        if (Faults.TakeServerError())
            return await ErrorAsync(context, 500, "internal error").ConfigureAwait(false);

        if (!MacAddress.TryParse(q["mac"].ToString(), out MacAddress mac))
            return await ErrorAsync(context, 400, "mac must be AA:BB:CC:DD:EE:FF").ConfigureAwait(false);
        if (Validate(q, now, out DateTime from, out DateTime to, out bool descending, out int offset, out int? limit, out bool csv) is string error)
            return await ErrorAsync(context, 400, error).ConfigureAwait(false);

        if (Faults.TakeSlowResponse() is { } slow && slow > TimeSpan.Zero)
        {
            Interlocked.Increment(ref _parked);
            try
            {
                await Task.Delay(slow, _time, context.RequestAborted).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _parked);
            }
        }

        List<MinuteRecord> records = Data.Range(mac, from, to);
        int total = records.Count;
        IEnumerable<MinuteRecord> ordered = descending ? Enumerable.Reverse(records) : records;
        List<MinuteRecord> page = [.. ordered.Skip(offset).Take(limit ?? int.MaxValue)];

        BodyFault fault = Faults.TakeBodyFault();
        context.Response.StatusCode = 200;
        if (fault == BodyFault.Html)
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1>nginx</body></html>").ConfigureAwait(false);
            return page.Count;
        }
        if (csv && fault == BodyFault.None)
        {
            context.Response.ContentType = "text/csv; charset=utf-8";
            await context.Response.WriteAsync(ToCsv(page, q["separator"].ToString() is "," or "comma" ? ',' : ';')).ConfigureAwait(false);
            return page.Count;
        }
        if (fault == BodyFault.Oversized)
        {
            await WriteOversizedAsync(context.Response).ConfigureAwait(false);
            return page.Count;
        }
        byte[] body = ToJson(page, Faults.OmitTotal ? null : total, fault);
        if (fault == BodyFault.TruncatedJson)
            body = body[..Math.Max(1, body.Length / 2)];
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
        return page.Count;
    }

    /// <returns>An error message, or null when the parameters are valid.</returns>
    private string? Validate(IQueryCollection q, DateTimeOffset now, out DateTime from, out DateTime to, out bool descending,
        out int offset, out int? limit, out bool csv)
    {
        from = DateTime.MinValue.ToUniversalTime();
        to = MinuteTime.Floor(now).AddMinutes(1);
        descending = true;
        offset = 0;
        limit = null;
        csv = false;

        string order = q["order"].ToString().ToLowerInvariant();
        if (order is not ("" or "asc" or "desc"))
            return "order must be asc or desc";
        descending = order != "asc";
        string format = q["format"].ToString().ToLowerInvariant();
        if (format is not ("" or "json" or "csv"))
            return "format must be json or csv";
        csv = format == "csv";
        if (q["offset"].ToString() is { Length: > 0 } o && (!int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
            return "offset must be an integer >= 0";
        if (q["limit"].ToString() is { Length: > 0 } l)
        {
            if (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) || parsed < 1 || parsed > MaxLimit)
                return "limit must be an integer from 1 to 1440";
            limit = parsed;
        }

        string date = q["date"].ToString(), start = q["start_date"].ToString(), end = q["end_date"].ToString();
        bool dated = date.Length > 0 || start.Length > 0 || end.Length > 0;
        if (date.Length > 0 && (start.Length > 0 || end.Length > 0))
            return "date cannot be combined with start_date/end_date";
        if (date.Length > 0)
        {
            if (!TryDay(date, out DateTime day))
                return "date must be YYYY-MM-DD";
            (from, to) = (day, day.AddDays(1));
        }
        else if (end.Length > 0 && start.Length == 0)
        {
            return "end_date needs start_date";
        }
        else if (start.Length > 0)
        {
            if (!TryDay(start, out DateTime first))
                return "start_date must be YYYY-MM-DD";
            DateTime last;
            if (end.Length > 0)
            {
                if (!TryDay(end, out last))
                    return "end_date must be YYYY-MM-DD";
            }
            else
            {
                last = first.AddDays(7) < now.UtcDateTime.Date ? first.AddDays(7) : now.UtcDateTime.Date;
            }
            if (last < first)
                return "start_date must not be after end_date";
            if ((last - first).TotalDays > 7)
                return "end_date must be at most 7 days after start_date";
            (from, to) = (first, last.AddDays(1));
        }

        if (dated)
        {
            if (Faults.LimitIgnoredOnRanges)
                limit = null;
            if (Faults.PageCap is int cap && (limit is null || limit > cap))
                limit = cap;
        }
        else
        {
            limit ??= 100;
        }
        return null;
    }

    private static bool TryDay(string text, out DateTime day) =>
        DateTime.TryParseExact(text, ["yyyy-MM-dd", "yyyy-M-d"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out day);

    private bool KeyKnown(string key)
    {
        byte[] given = Encoding.UTF8.GetBytes(key);
        bool known = false;
        foreach (string k in _keys)
            known |= CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(k));
        return known && key.Length > 0;
    }

    private static async Task<int> ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { status, message })).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Streams the envelope and 20 MB of records (no Content-Length); stops early when the client hangs up.</summary>
    private static async Task WriteOversizedAsync(HttpResponse response)
    {
        response.ContentType = "application/json; charset=utf-8";
        byte[] item = Encoding.UTF8.GetBytes("""{"time":"2020-01-01T00:00:00.000Z","voc":0.1,"pm1":1,"pm25":2,"pm10":3,"t":20,"h":40,"p":1000},""");
        var chunk = new MemoryStream();
        while (chunk.Length < 64 * 1024)
            chunk.Write(item);
        byte[] block = chunk.ToArray();
        await response.Body.WriteAsync("""{"status":0,"data":{"items":["""u8.ToArray(), response.HttpContext.RequestAborted).ConfigureAwait(false);
        await response.Body.FlushAsync(response.HttpContext.RequestAborted).ConfigureAwait(false); // chunked: no Content-Length
        try
        {
            for (long sent = 0; sent < 20L * 1024 * 1024; sent += block.Length)
                await response.Body.WriteAsync(block, response.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client stopped reading: what a bounded client does.
        }
    }

    private static byte[] ToJson(List<MinuteRecord> page, int? total, BodyFault fault)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (fault == BodyFault.UnexpectedEnvelope)
            {
                w.WriteString("error", "maintenance");
                w.WriteStartArray("results");
                w.WriteEndArray();
                w.WriteEndObject();
                w.Flush();
                return buffer.ToArray();
            }
            w.WriteNumber("status", 0);
            w.WriteStartObject("data");
            if (total is int t)
                w.WriteNumber("total", t);
            w.WriteStartArray("items");
            for (int i = 0; i < page.Count; i++)
            {
                MinuteRecord r = page[i];
                w.WriteStartObject();
                w.WriteString("time", r.Time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                if (fault == BodyFault.WrongTypes && i == page.Count / 2)
                {
                    w.WriteBoolean("voc", true);
                    w.WriteStartArray("pm25");
                    w.WriteEndArray();
                }
                else
                {
                    Number(w, "voc", fault == BodyFault.Implausible ? -4 : r.Voc);
                    Number(w, "pm1", r.Pm1);
                    Number(w, "pm25", r.Pm25);
                    Number(w, "pm10", r.Pm10);
                }
                Number(w, "t", r.T);
                Number(w, "h", r.H);
                Number(w, "p", r.P);
                if (r.Latitude is double lat && r.Longitude is double lon)
                {
                    w.WriteStartObject("coords");
                    w.WriteNumber("lat", lat);
                    w.WriteNumber("lon", lon);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            if (fault == BodyFault.WrongTypes && page.Count == 0)
                w.WriteStringValue("not a record");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v)
            w.WriteNumber(name, v);
    }

    private static string ToCsv(List<MinuteRecord> page, char s)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Date (GMT){s}VOC (ppm){s}Temperature (C){s}Humidity (%){s}Pressure (mbar){s}PM1 (ug/m3){s}PM2.5 (ug/m3){s}PM10 (ug/m3){s}Latitude{s}Longitude\n");
        foreach (MinuteRecord r in page)
        {
            text.Append(r.Time.ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture));
            foreach (double? v in new[] { r.Voc, r.T, r.H, r.P, r.Pm1, r.Pm25, r.Pm10, r.Latitude, r.Longitude })
                text.Append(s).Append(v?.ToString("R", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return text.ToString();
    }

    [GeneratedRegex("(api_key=)[^&]*", RegexOptions.IgnoreCase)]
    private static partial Regex RedactKey();
}

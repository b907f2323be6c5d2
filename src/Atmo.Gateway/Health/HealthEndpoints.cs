using System.Text.Json;
using Atmo.Core.Operations;

namespace Atmo.Gateway.Health;

/// <summary>
/// <c>GET /healthz</c> (the process answers) and <c>GET /readyz</c> (every check, 200 or 503).
/// Both need no API key, so they show no secret and, unless <see cref="HealthOptions.ShowDevices"/>, no MAC.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => Results.Text("{\"status\":\"ok\"}", "application/json", statusCode: StatusCodes.Status200OK))
            .ExcludeFromDescription();
        routes.MapGet("/readyz", GetReadyAsync).ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> GetReadyAsync(ReadinessProbe probe, CancellationToken cancellationToken)
    {
        ReadinessReport report = await probe.RunAsync(cancellationToken);
        return Results.Text(ToJson(report), "application/json",
            statusCode: report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    internal static string ToJson(ReadinessReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Ready ? "ready" : "not_ready");
            json.WriteStartObject("checks");
            foreach ((string name, CheckResult result) in report.Checks)
            {
                json.WriteStartObject(name);
                json.WriteString("status", result.Status.ToString().ToLowerInvariant());
                json.WriteString("detail", result.Detail);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            if (report.Devices is { } devices)
            {
                json.WriteStartArray("devices");
                foreach (DeviceFreshness device in devices)
                {
                    json.WriteStartObject();
                    json.WriteString("mac", device.Device.ToString());
                    if (device.LastMinute is { } last)
                        json.WriteString("last_minute", last.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
                    if (device.AgeMinutes is { } age)
                        json.WriteNumber("age_minutes", age);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Atmo.Gateway.Api.OpenApi;

/// <summary>
/// Describes <c>/api/v1</c> in <c>/openapi/v1.json</c> as it really behaves: the handlers read
/// the query themselves (for the contract's exact error messages), so the parameters, the JSON and
/// CSV answers and the error shape are written here, from the README's tables.
/// </summary>
public sealed class ApiDocumentation : IOpenApiOperationTransformer
{
    private const string Json = "application/json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        string path = "/" + (context.Description.RelativePath ?? "").TrimEnd('/');
        if (!path.StartsWith("/api/v1/", StringComparison.Ordinal))
            return Task.CompletedTask;

        operation.Parameters ??= [];
        operation.Parameters.Add(Query("api_key", "A key configured on the gateway (Api:Keys, or the key file: cat /var/lib/atmo-edge/api-key).", String(), required: true));
        operation.Responses ??= [];
        if (path == "/api/v1/data")
            DescribeData(operation);
        else if (path == "/api/v1/devices")
            operation.Responses["200"] = new OpenApiResponse { Description = "Every known device", Content = new Dictionary<string, OpenApiMediaType> { [Json] = new() { Schema = DevicesSchema() } } };

        operation.Responses["401"] = Error("api_key is missing, repeated or unknown");
        operation.Responses["429"] = Error("Over Api:RateLimitPerMinute for this key; retry after Retry-After seconds");
        ((OpenApiResponse)operation.Responses["429"]).Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["Retry-After"] = new OpenApiHeader { Description = "Whole seconds to the next wall-clock minute", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
        };
        operation.Responses["500"] = Error("Unexpected; the message carries only a correlation id to look up in the log");
        return Task.CompletedTask;
    }

    private static void DescribeData(OpenApiOperation operation)
    {
        operation.Summary = "Stored minutes of one device, as the Atmotube Cloud API serves them";
        IList<IOpenApiParameter> p = operation.Parameters!;
        p.Add(Query("mac", "The device: AA:BB:CC:DD:EE:FF, AA-BB-CC-DD-EE-FF or AABBCCDDEEFF, any case.", String(), required: true));
        p.Add(Query("order", "desc (default, newest first) or asc.", Enum("desc", "asc")));
        p.Add(Query("format", "json (default) or csv.", Enum("json", "csv")));
        p.Add(Query("separator", "CSV separator: semicolon / ; (default) or comma / ,.", Enum("semicolon", ";", "comma", ",")));
        p.Add(Query("offset", "Records to skip after ordering; default 0.", new OpenApiSchema { Type = JsonSchemaType.Integer }));
        p.Add(Query("limit", "Without dates: 1 to 1440, default 100. With date or start_date (Api:LimitWithDates=cloud, the default): 1440 or less is ignored (every record of the day or range), more is a page size with offset. See docs/api-contract.md.", new OpenApiSchema { Type = JsonSchemaType.Integer }));
        p.Add(Query("date", "One UTC day, YYYY-MM-DD; not together with start_date or end_date.", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" }));
        p.Add(Query("start_date", "First UTC day of a range (inclusive); alone it runs to 7 days later or today.", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" }));
        p.Add(Query("end_date", "Last UTC day of the range (inclusive), at most 7 days after start_date (a day in the future is accepted); needs start_date.", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" }));
        p.Add(Query("include", "Gateway extension, JSON only: source adds each item's source (live, history or cloud). Absent: the Cloud's answer, unchanged.", Enum("source")));

        operation.Responses!["200"] = new OpenApiResponse
        {
            Description = "The records (format=json), or CSV with a header line (format=csv); a value that was not measured is left out (JSON) or empty (CSV)",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [Json] = new() { Schema = DataSchema() },
                ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Date (GMT);VOC (ppm);Temperature (C);Humidity (%);Pressure (mbar);PM1 (ug/m3);PM2.5 (ug/m3);PM10 (ug/m3);Latitude;Longitude" } },
            },
        };
        operation.Responses["400"] = Error("A malformed parameter; the message names it and the accepted form");
    }

    private static OpenApiParameter Query(string name, string description, OpenApiSchema schema, bool required = false) =>
        new() { Name = name, In = ParameterLocation.Query, Required = required, Description = description, Schema = schema };

    private static OpenApiSchema String() => new() { Type = JsonSchemaType.String };

    private static OpenApiSchema Number() => new() { Type = JsonSchemaType.Number };

    private static OpenApiSchema Integer() => new() { Type = JsonSchemaType.Integer };

    private static OpenApiSchema Enum(params string[] values) =>
        new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] };

    private static OpenApiSchema Object(Dictionary<string, IOpenApiSchema> properties, params string[] required) =>
        new() { Type = JsonSchemaType.Object, Properties = properties, Required = new HashSet<string>(required) };

    private static OpenApiResponse Error(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [Json] = new() { Schema = Object(new() { ["status"] = Integer(), ["message"] = String() }, "status", "message") },
        },
    };

    private static OpenApiSchema DataSchema()
    {
        OpenApiSchema record = Object(new()
        {
            ["time"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            ["voc"] = Number(), ["pm1"] = Number(), ["pm25"] = Number(), ["pm10"] = Number(),
            ["t"] = Number(), ["h"] = Number(), ["p"] = Number(),
            ["coords"] = Object(new() { ["lat"] = Number(), ["lon"] = Number() }, "lat", "lon"),
            ["source"] = Enum("live", "history", "cloud"),
        }, "time");
        return Object(new()
        {
            ["status"] = Integer(),
            ["data"] = Object(new() { ["total"] = Integer(), ["items"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = record } }, "total", "items"),
        }, "status", "data");
    }

    private static OpenApiSchema DevicesSchema()
    {
        OpenApiSchema time = new() { Type = JsonSchemaType.String, Format = "date-time" };
        OpenApiSchema device = Object(new()
        {
            ["mac"] = String(), ["first_minute"] = time, ["last_minute"] = time,
            ["records"] = Object(new() { ["live"] = Integer(), ["history"] = Integer(), ["cloud"] = Integer() }, "live", "history", "cloud"),
            ["disagreements"] = Integer(),
            ["name"] = String(), ["firmware"] = String(), ["battery"] = Integer(), ["last_seen"] = time, ["rssi"] = Integer(), ["last_history_sync"] = time,
        }, "mac", "records", "disagreements");
        return Object(new()
        {
            ["status"] = Integer(),
            ["data"] = Object(new() { ["total"] = Integer(), ["items"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = device } }, "total", "items"),
        }, "status", "data");
    }
}

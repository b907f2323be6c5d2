using System.Net;
using System.Text.Json;
using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Api.OpenApi;

public sealed class ApiDocumentationTests
{
    [Fact]
    public async Task The_document_lists_the_data_parameters_answers_and_error_shape()
    {
        await using GatewayServer server = await GatewayServer.StartAsync();

        using var document = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        JsonElement data = document.RootElement.GetProperty("paths").GetProperty("/api/v1/data").GetProperty("get");
        string[] names = [.. data.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];
        Assert.Equal(["api_key", "mac", "order", "format", "separator", "offset", "limit", "date", "start_date", "end_date", "include"], names);
        Assert.All(data.GetProperty("parameters").EnumerateArray(), p => Assert.Equal("query", p.GetProperty("in").GetString()));
        Assert.True(data.GetProperty("parameters")[1].GetProperty("required").GetBoolean());
        JsonElement responses = data.GetProperty("responses");
        Assert.True(responses.GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(responses.GetProperty("200").GetProperty("content").TryGetProperty("text/csv", out _));
        foreach (string status in (string[])["400", "401", "429", "500"])
        {
            JsonElement error = responses.GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema");
            Assert.True(error.GetProperty("properties").TryGetProperty("status", out _));
            Assert.True(error.GetProperty("properties").TryGetProperty("message", out _));
        }

        Assert.True(responses.GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/api/v1/devices", out _));
        Assert.False(document.RootElement.GetProperty("paths").TryGetProperty("/readyz", out _));
    }

    [Fact]
    public async Task Every_documented_enum_value_is_accepted_by_the_endpoint()
    {
        await using GatewayServer server = await GatewayServer.StartAsync(new InMemoryMinuteStore(TestData.All()));
        using var document = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        JsonElement parameters = document.RootElement.GetProperty("paths").GetProperty("/api/v1/data").GetProperty("get").GetProperty("parameters");

        int checkedValues = 0;
        foreach (JsonElement parameter in parameters.EnumerateArray())
        {
            if (!parameter.GetProperty("schema").TryGetProperty("enum", out JsonElement values))
                continue;
            foreach (JsonElement value in values.EnumerateArray())
            {
                string name = parameter.GetProperty("name").GetString()!;
                HttpResponseMessage response = await server.GetDataAsync($"mac=11:22:33:44:55:66&{name}={Uri.EscapeDataString(value.GetString()!)}");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}={value} answered {(int)response.StatusCode}");
                checkedValues++;
            }
        }

        Assert.Equal(9, checkedValues);
    }
}

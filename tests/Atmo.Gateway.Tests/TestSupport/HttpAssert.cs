using System.Net;
using System.Text.Json;

namespace Atmo.Gateway.Tests.TestSupport;

public static class HttpAssert
{
    /// <summary>Asserts an error answer: the status, JSON content type, and <c>{"status":N,"message":"..."}</c>; returns the message.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        using var json = JsonDocument.Parse(body);
        Assert.Equal(2, json.RootElement.EnumerateObject().Count());
        Assert.Equal((int)expected, json.RootElement.GetProperty("status").GetInt32());
        string message = json.RootElement.GetProperty("message").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message;
    }

    /// <summary>Asserts 200 JSON and returns (total, item times as written).</summary>
    public static async Task<(int Total, List<string> Times)> ItemsAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        using var json = JsonDocument.Parse(body);
        Assert.Equal(0, json.RootElement.GetProperty("status").GetInt32());
        JsonElement data = json.RootElement.GetProperty("data");
        var times = data.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("time").GetString()!).ToList();
        return (data.GetProperty("total").GetInt32(), times);
    }
}

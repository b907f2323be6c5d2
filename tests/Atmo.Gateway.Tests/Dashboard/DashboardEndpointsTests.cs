using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Dashboard;

/// <summary>GET / and /ui/{file}: the embedded dashboard with its headers; every other path keeps its JSON error.</summary>
public sealed partial class DashboardEndpointsTests : IAsyncLifetime
{
    private GatewayServer Server { get; set; } = null!;

    public async Task InitializeAsync() => Server = await GatewayServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    [Theory]
    [InlineData("br, gzip", "br")]
    [InlineData("gzip, deflate", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("", null)]
    public async Task The_page_comes_in_the_smallest_encoding_the_browser_accepts(string acceptEncoding, string? expected)
    {
        using HttpResponseMessage response = await GetAsync("/", acceptEncoding);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
        Assert.Contains("<title>Atmo Edge</title>", await BodyAsync(response), StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal("Accept-Encoding", Assert.Single(response.Headers.Vary));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task A_current_copy_gets_304_without_a_body()
    {
        using HttpResponseMessage first = await GetAsync("/", "br");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.ParseAdd("br");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using HttpResponseMessage second = await Server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Every_file_the_page_names_is_served_immutable_with_its_type_and_the_first_load_stays_under_300_KB()
    {
        using HttpResponseMessage page = await GetAsync("/", "br");
        long transferred = (await page.Content.ReadAsByteArrayAsync()).Length;
        string html = await BodyAsync(page);
        string[] files = [.. UiFile().Matches(html).Select(m => m.Groups[1].Value).Distinct()];
        Assert.Contains(files, f => f.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".css", StringComparison.Ordinal));

        foreach (string file in files)
        {
            using HttpResponseMessage response = await GetAsync("/ui/" + file, "br");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.GetValues("Cache-Control").Single());
            string expectedType = Path.GetExtension(file) switch
            {
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "text/plain; charset=utf-8",
            };
            Assert.Equal(expectedType, response.Content.Headers.ContentType?.ToString());
            Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());
            if (!file.StartsWith("licenses", StringComparison.Ordinal))
                transferred += (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        Assert.True(transferred <= 300 * 1024, $"the first load is {transferred} bytes with Brotli");
    }

    [Theory]
    [InlineData("/ui/nothing.js")]
    [InlineData("/ui/index.html")]
    [InlineData("/index.html")]
    [InlineData("/dashboard")]
    public async Task Other_paths_keep_the_json_404(string path)
    {
        using HttpResponseMessage response = await GetAsync(path, "br, gzip");

        await HttpAssert.ErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_method_on_the_page_keeps_the_json_405()
    {
        using HttpResponseMessage response = await Server.Client.PostAsync(new Uri("/", UriKind.Relative), new StringContent(""));

        await HttpAssert.ErrorAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (string encoding in acceptEncoding.Split(", ", StringSplitOptions.RemoveEmptyEntries))
            request.Headers.AcceptEncoding.Add(StringWithQualityHeaderValue.Parse(encoding));
        return await Server.Client.SendAsync(request);
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        Stream body = await response.Content.ReadAsStreamAsync();
        body = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            _ => body,
        };
        using var reader = new StreamReader(body, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [GeneratedRegex("\"/ui/([^\"]+)\"")]
    private static partial Regex UiFile();
}

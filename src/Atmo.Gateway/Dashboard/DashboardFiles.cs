using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Atmo.Gateway.Dashboard;

/// <summary>
/// The dashboard's files, read once from the embedded resources <c>dashboard/&lt;file&gt;</c>, each
/// with the Brotli and gzip copies the build made (<c>&lt;file&gt;.br</c>, <c>&lt;file&gt;.gz</c>).
/// </summary>
internal sealed class DashboardFiles
{
    public const string Page = "index.html";
    private const string ResourcePrefix = "dashboard/";

    /// <summary>
    /// The page may load only its own files and read only its own origin; nothing inline, no frames,
    /// no form submission (the key form is handled by script, so a key never lands in a URL by accident).
    /// </summary>
    private const string PagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly Dictionary<string, DashboardFile> _files;

    private DashboardFiles(Dictionary<string, DashboardFile> files) => _files = files;

    public static DashboardFiles Load(Assembly assembly)
    {
        var bodies = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                continue;
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bodies[resource[ResourcePrefix.Length..]] = copy.ToArray();
        }

        if (!bodies.ContainsKey(Page))
            throw new InvalidOperationException($"The dashboard is not embedded in {assembly.GetName().Name} (no {ResourcePrefix}{Page}); build with src/Atmo.Dashboard/Atmo.Dashboard.targets imported.");

        var files = new Dictionary<string, DashboardFile>(StringComparer.Ordinal);
        foreach ((string name, byte[] body) in bodies)
        {
            if (name.EndsWith(".br", StringComparison.Ordinal) || name.EndsWith(".gz", StringComparison.Ordinal))
                continue;
            files[name] = new DashboardFile(
                ContentTypeOf(name),
                '"' + Convert.ToHexString(SHA256.HashData(body), 0, 8) + '"',
                body, bodies.GetValueOrDefault(name + ".br"), bodies.GetValueOrDefault(name + ".gz"),
                // Every file but the page has its content hash in its name: it never changes.
                name == Page ? "no-cache" : "public, max-age=31536000, immutable");
        }

        return new DashboardFiles(files);
    }

    /// <summary>
    /// 200 with the smallest encoding the browser accepts, or 304 when its copy is current, or a
    /// bodiless 404 that the error pipeline turns into the JSON 404.
    /// </summary>
    public IResult Serve(HttpContext context, string name)
    {
        if (!_files.TryGetValue(name, out DashboardFile? file))
            return Results.NotFound();

        (string? encoding, byte[] body) = ChooseEncoding(context.Request.GetTypedHeaders().AcceptEncoding, file);
        // A representation per encoding: its own entity tag.
        string etag = encoding is null ? file.ETag : file.ETag.Insert(file.ETag.Length - 1, "-" + encoding);
        IHeaderDictionary headers = context.Response.Headers;
        headers.CacheControl = file.CacheControl;
        headers.ETag = etag;
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.XContentTypeOptions = "nosniff";
        if (name == Page)
        {
            headers.ContentSecurityPolicy = PagePolicy;
            // URLs of the API carry the key: never send them on.
            headers["Referrer-Policy"] = "no-referrer";
        }

        if (context.Request.Headers.IfNoneMatch.Contains(etag))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        if (encoding is not null)
            headers.ContentEncoding = encoding;
        return Results.Bytes(body, file.ContentType);
    }

    private static (string? Encoding, byte[] Body) ChooseEncoding(IList<StringWithQualityHeaderValue> accepted, DashboardFile file)
    {
        if (file.Brotli is not null && Accepts(accepted, "br"))
            return ("br", file.Brotli);
        if (file.Gzip is not null && Accepts(accepted, "gzip"))
            return ("gzip", file.Gzip);
        return (null, file.Identity);
    }

    private static bool Accepts(IList<StringWithQualityHeaderValue> accepted, string encoding) =>
        accepted.Any(a => a.Quality is not 0 && (a.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) || a.Value == "*"));

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };

    private sealed record DashboardFile(string ContentType, string ETag, byte[] Identity, byte[]? Brotli, byte[]? Gzip, string CacheControl);
}

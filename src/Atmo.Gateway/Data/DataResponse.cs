using Atmo.Core;
using Atmo.Gateway.Data.Output;

namespace Atmo.Gateway.Data;

/// <summary>HTTP 200 with a page of records, as JSON or CSV, streamed to the response body.</summary>
public sealed class DataResponse(DataRequest request, MinutePage page, GeoPosition? site)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => request.Format == DataFormat.Csv ? CsvDataWriter.ContentType : JsonDataWriter.ContentType;

    public MinutePage Page => page;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        HttpResponse response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        if (request.Format == DataFormat.Csv)
            await CsvDataWriter.WriteAsync(response.BodyWriter, page.Items, request.Separator, site, httpContext.RequestAborted);
        else
            await JsonDataWriter.WriteAsync(response.BodyWriter, page, site, httpContext.RequestAborted, request.IncludeSource);
    }
}

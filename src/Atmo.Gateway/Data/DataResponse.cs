using Atmo.Core;
using Atmo.Gateway.Data.Output;

namespace Atmo.Gateway.Data;

/// <summary>HTTP 200 with a page of records, as JSON or CSV, written to the response body as the store decodes them.</summary>
public sealed class DataResponse(DataRequest request, MinuteStream answer, GeoPosition? site)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => request.Format == DataFormat.Csv ? CsvDataWriter.ContentType : JsonDataWriter.ContentType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        HttpResponse response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        if (request.Format == DataFormat.Csv)
            await CsvDataWriter.WriteAsync(response.BodyWriter, answer.Items, request.Separator, site, httpContext.RequestAborted);
        else
            await JsonDataWriter.WriteAsync(response.BodyWriter, answer, site, httpContext.RequestAborted, request.IncludeSource);
    }
}

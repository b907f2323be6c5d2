using Atmo.Core;
using Atmo.Gateway.Api;
using Atmo.Gateway.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Data;

/// <summary>
/// <c>GET /api/v1/data</c>: the minutes of one device, as the Atmotube Cloud serves them: the stored ones and the
/// collector's live minutes not stored yet (<see cref="IUnstoredMinutes"/>, merged by <see cref="UnstoredMerge"/>).
/// </summary>
public static class DataEndpoints
{
    public static RouteGroupBuilder MapDataEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/data", GetData);
        return group;
    }

    internal static Results<DataResponse, ApiError> GetData(
        HttpRequest request, IMinuteStore store, IDeviceSites sites, TimeProvider timeProvider, IOptions<ApiOptions> options,
        [FromServices] IUnstoredMinutes? unstored = null)
    {
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        LimitWithDatesRule limitWithDates = LimitWithDatesRules.Parse(options.Value.LimitWithDates);
        if (!DataRequestParser.TryParse(request.Query, today, limitWithDates, out DataRequest? dataRequest, out string? error))
            return ApiError.BadRequest(error);

        // Reads the store now (errors still answer 500); the minutes are decoded while the response is written.
        MinuteStream answer = UnstoredMerge.StreamQuery(store, unstored, dataRequest.ToQuery());
        return new DataResponse(dataRequest, answer, sites.Find(dataRequest.Device));
    }
}

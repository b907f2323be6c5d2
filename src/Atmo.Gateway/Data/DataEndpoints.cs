using Atmo.Core;
using Atmo.Gateway.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atmo.Gateway.Data;

/// <summary><c>GET /api/v1/data</c>: stored minutes of one device, as the Atmotube Cloud serves them.</summary>
public static class DataEndpoints
{
    public static RouteGroupBuilder MapDataEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/data", GetData);
        return group;
    }

    internal static Results<DataResponse, ApiError> GetData(
        HttpRequest request, IMinuteStore store, IDeviceSites sites, TimeProvider timeProvider)
    {
        DateOnly today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        if (!DataRequestParser.TryParse(request.Query, today, out DataRequest? dataRequest, out string? error))
            return ApiError.BadRequest(error);

        MinutePage page = store.Query(dataRequest.ToQuery());
        return new DataResponse(dataRequest, page, sites.Find(dataRequest.Device));
    }
}

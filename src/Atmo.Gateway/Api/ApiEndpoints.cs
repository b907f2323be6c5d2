using Atmo.Gateway.Api.Access;
using Atmo.Gateway.Data;
using Atmo.Gateway.Devices;

namespace Atmo.Gateway.Api;

public static class ApiEndpoints
{
    /// <summary>
    /// The <c>/api/v1</c> group: every endpoint in it needs an API key and counts against its rate
    /// limit, checked in the order of <see cref="ContractDecisions.CheckOrder"/>.
    /// </summary>
    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder v1 = routes.MapGroup("/api/v1");
        v1.AddEndpointFilter<ApiKeyFilter>();
        v1.AddEndpointFilter<RateLimitFilter>();
        v1.MapDataEndpoints();
        v1.MapDeviceEndpoints();
        return v1;
    }
}

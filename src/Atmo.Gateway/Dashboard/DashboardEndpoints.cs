namespace Atmo.Gateway.Dashboard;

/// <summary>
/// <c>GET /</c> serves the dashboard page and <c>GET /ui/{file}</c> its script, style sheet, icon and
/// licences: files built from <c>src/Atmo.Dashboard</c> and embedded in this assembly. They hold no
/// data and need no key; the page reads <c>/api/v1</c> with the key its user gives. Any other path
/// keeps answering the JSON 404.
/// </summary>
public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        var files = DashboardFiles.Load(typeof(DashboardEndpoints).Assembly);
        routes.MapGet("/", (HttpContext context) => files.Serve(context, DashboardFiles.Page))
            .ExcludeFromDescription();
        routes.MapGet("/ui/{file}", (HttpContext context, string file) =>
                file == DashboardFiles.Page ? Results.NotFound() : files.Serve(context, file))
            .ExcludeFromDescription();
        return routes;
    }
}

namespace Atmo.Gateway.Api.OpenApi;

public static class ApiDocumentationServices
{
    /// <summary>The OpenAPI document <c>v1</c> (served by <c>MapOpenApi()</c> at <c>/openapi/v1.json</c>) with <see cref="ApiDocumentation"/>.</summary>
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddOperationTransformer<ApiDocumentation>());
}

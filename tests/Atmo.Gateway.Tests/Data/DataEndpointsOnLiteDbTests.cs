using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Data;

/// <summary>Every test of the parameter table again, against the real LiteDB store.</summary>
public sealed class DataEndpointsOnLiteDbTests(LiteDbDataServerFixture fixture) : DataEndpointsContract, IClassFixture<LiteDbDataServerFixture>
{
    protected override GatewayServer Server => fixture.Server;
}

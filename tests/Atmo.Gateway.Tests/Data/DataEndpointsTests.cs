using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Data;

/// <summary>Every test of the parameter table, against the in-memory test double.</summary>
public sealed class DataEndpointsTests(DataServerFixture fixture) : DataEndpointsContract, IClassFixture<DataServerFixture>
{
    protected override GatewayServer Server => fixture.Server;
}

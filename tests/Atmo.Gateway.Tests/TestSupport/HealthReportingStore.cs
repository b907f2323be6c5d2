using Atmo.Core;

namespace Atmo.Gateway.Tests.TestSupport;

/// <summary>An in-memory store whose last commit's outcome (<see cref="IStoreHealth"/>) the test sets.</summary>
public sealed class HealthReportingStore() : MinuteStoreDecorator(new InMemoryMinuteStore())
{
    public StoreCondition Reported { get; set; } = StoreCondition.Healthy;

    public override StoreCondition Condition => Reported;
}

namespace Atmo.Core.TimeBase;

/// <summary>Finds a part the store implements (the quarantine, the clock evidence) behind any decorators.</summary>
public static class StoreParts
{
    public static T Require<T>(IMinuteStore store) where T : class
    {
        for (IMinuteStore? current = store; current is not null; current = (current as MinuteStoreDecorator)?.Inner)
        {
            if (current is T part)
                return part;
        }

        throw new InvalidOperationException($"The registered minute store ({store.GetType().Name}) provides no {typeof(T).Name}.");
    }
}

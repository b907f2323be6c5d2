namespace Atmo.Core.TimeBase;

/// <summary>
/// Finds a part the store implements (the quarantine, the clock evidence, the database file itself) behind any
/// decorators: a decorator such as the plausibility gate implements <see cref="IMinuteStore"/> only, so a plain
/// <c>store is T</c> on it would be false.
/// </summary>
public static class StoreParts
{
    /// <summary>The first store of the chain, from <paramref name="store"/> inwards, that is a <typeparamref name="T"/>; null when none is.</summary>
    public static T? Find<T>(IMinuteStore store) where T : class
    {
        for (IMinuteStore? current = store; current is not null; current = (current as MinuteStoreDecorator)?.Inner)
        {
            if (current is T part)
                return part;
        }

        return null;
    }

    public static T Require<T>(IMinuteStore store) where T : class =>
        Find<T>(store) ?? throw new InvalidOperationException($"The registered minute store ({store.GetType().Name}) provides no {typeof(T).Name}.");
}

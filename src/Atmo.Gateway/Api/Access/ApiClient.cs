namespace Atmo.Gateway.Api.Access;

/// <summary>The authenticated caller: which configured key (by index, never the key).</summary>
public sealed record ApiClient(int KeyIndex);

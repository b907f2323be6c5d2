namespace Atmo.Gateway.Configuration;

/// <summary>The settings file named by <c>ATMO_EDGE_SETTINGS</c> cannot be used; the message says why and what to do.</summary>
public sealed class SettingsFileException(string message) : InvalidOperationException(message);

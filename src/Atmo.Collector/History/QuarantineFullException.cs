namespace Atmo.Collector.History;

/// <summary>The quarantine's total cap is reached: the batch was not kept, so it is not acknowledged (it stays on the device).</summary>
internal sealed class QuarantineFullException(string message) : Exception(message);

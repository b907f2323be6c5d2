namespace Atmo.Core.Plausibility;

/// <summary>The plausible range of one stored field, inclusive, in stored units (see <see cref="MinuteRecord"/>).</summary>
public sealed record ValueLimit(MinuteField Field, string Name, double Min, double Max)
{
    public bool Admits(double value) => double.IsFinite(value) && value >= Min && value <= Max;
}

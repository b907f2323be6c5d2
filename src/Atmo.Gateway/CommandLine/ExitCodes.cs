namespace Atmo.Gateway.CommandLine;

/// <summary>Exit codes shared by the daemon and every command.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}

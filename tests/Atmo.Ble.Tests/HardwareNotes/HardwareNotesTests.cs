using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Atmo.Ble.Protocol;

namespace Atmo.Ble.Tests.HardwareNotes;

/// <summary>The commands of hardware-notes/ that can run here run here, as written in the notes.</summary>
public sealed partial class HardwareNotesTests
{
    private static string NotesFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "hardware-notes", name);
            if (File.Exists(path))
                return path;
        }

        throw new FileNotFoundException($"hardware-notes/{name} not found above {AppContext.BaseDirectory}");
    }

    [Fact]
    public async Task The_HST_one_liner_prints_HST_with_the_current_time_big_endian()
    {
        string notes = await File.ReadAllTextAsync(NotesFile("capture-procedure.md"));
        Match block = OneLinerBlock().Match(notes);
        Assert.True(block.Success, "capture-procedure.md holds the HST one-liner after its marker");
        string oneLiner = block.Groups["line"].Value.Trim();

        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string output = await BashAsync(oneLiner);
        long after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        Match write = WriteLine().Match(output.Trim());
        Assert.True(write.Success, $"a bluetoothctl write line: {output}");
        byte[] command = [.. write.Groups["byte"].Captures.Select(c => byte.Parse(c.Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture))];
        Assert.Equal(HistoryCommands.Length, command.Length);
        byte[] expected = HistoryCommands.Request(DateTimeOffset.FromUnixTimeSeconds(before));
        Assert.Equal(expected[..3], command[..3]); // "HST"
        long sent = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(command.AsSpan(3));
        Assert.InRange(sent, before, after);
    }

    private static async Task<string> BashAsync(string script)
    {
        var start = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        string output = await process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"bash failed: {error}");
        return output;
    }

    [GeneratedRegex(@"<!-- hst-one-liner[^>]*-->\s*```sh\n(?<line>[^\n]+)\n```")]
    private static partial Regex OneLinerBlock();

    [GeneratedRegex(@"^write ""(?:0x(?<byte>[0-9a-f]{2}) ?)+""$")]
    private static partial Regex WriteLine();
}

using Tmds.DBus.Protocol;

namespace Atmo.Simulator.Tests.BlueZ;

internal delegate void WriteArgs(ref MessageWriter writer);

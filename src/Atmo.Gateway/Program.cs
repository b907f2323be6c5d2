// Composition root: placeholder until the foundation lands.
Console.WriteLine("atmo-edge");

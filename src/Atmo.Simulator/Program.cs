Console.WriteLine("atmo-sim");

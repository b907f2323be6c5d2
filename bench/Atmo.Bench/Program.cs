Console.WriteLine("atmo bench");

Console.WriteLine("mlevents: not implemented yet");

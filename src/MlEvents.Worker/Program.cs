Console.WriteLine("MlEvents worker: not implemented yet");

using MlEvents.Bench;

return await BenchProgram.RunAsync(args);

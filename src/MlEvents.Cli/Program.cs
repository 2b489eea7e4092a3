using MlEvents.Cli;

return await MlEventsCli.RunAsync(args);

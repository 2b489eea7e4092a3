using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using MlEvents.Worker;
using MlEvents.Worker.Embedded;
using MlEvents.Worker.Translation;

if (args.Any(a => a is "--help" or "-h" or "-?"))
{
    Console.WriteLine(WorkerCommandLine.Usage);
    return 0;
}

// appsettings.json, appsettings.{Environment}.json, environment variables (Kafka__BootstrapServers), then the command line.
// The settings files are read from the worker's own folder, so `dotnet run --project` from anywhere finds them
// (relative paths such as Embedded:OutputPath stay relative to the working directory).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, WorkerCommandLine.SwitchMappings);

if (string.IsNullOrWhiteSpace(builder.Configuration["Kafka:BootstrapServers"]))
{
    using var cancellation = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancellation.Cancel();
    };
    try
    {
        return await EmbeddedRun.RunAsync(builder.Configuration, Console.Out, cancellation.Token);
    }
    catch (OperationCanceledException)
    {
        Console.Error.WriteLine("Cancelled.");
        return 130;
    }
    catch (Exception e) when (StartupFailure.TryDescribe(e, out var message))
    {
        Console.Error.WriteLine("The embedded run failed to start:" + Environment.NewLine + message);
        return 1;
    }
}

builder.Services.AddMlEventsWorker(builder.Configuration);
builder.Services.AddMlEventsTranslation(builder.Configuration);
using var host = builder.Build();
try
{
    await host.RunAsync();
    return 0;
}
catch (Exception e) when (StartupFailure.TryDescribe(e, out var message))
{
    Console.Error.WriteLine(message);
    return 1;
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using MlEvents.Translation;
using MlEvents.Worker;
using MlEvents.Worker.Rejections;

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
builder.Services.AddMlEventsWorker(builder.Configuration);
builder.Services.AddMlEventsTranslation(builder.Configuration);
builder.Services.AddMlEventsRejectionMonitor(builder.Configuration);
using var host = builder.Build();

// Every section is validated before anything starts: one line per missing or invalid setting, no stack trace.
if (StartupFailure.Validate(host.Services) is { Count: > 0 } problems)
{
    foreach (var problem in problems)
    {
        Console.Error.WriteLine(problem);
    }

    if (builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(builder.Configuration["Kafka:BootstrapServers"]))
    {
        Console.Error.WriteLine("No Kafka configured: `dotnet run --project src/MlEvents.DevHost` runs the whole pipeline on an embedded Kafka and registry.");
    }

    return WorkerCommandLine.InvalidConfigurationExitCode;
}

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

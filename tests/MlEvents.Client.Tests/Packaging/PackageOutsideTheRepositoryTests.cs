using System.Diagnostics;
using MlEvents.Client.Tests.Support;
using MlEvents.Contracts;
using Xunit.Abstractions;

namespace MlEvents.Client.Tests.Packaging;

/// <summary>
/// What a new user does: one <c>dotnet pack</c> makes a local feed, a console app outside the repository restores
/// MlEvents.Client from it (its other dependencies from NuGet), compiles the training job of docs/PUBLISHING.md
/// (samples/TrainingJob/Program.cs) and runs it against Kafka and the registry.
/// </summary>
[Collection(EmbeddedBackendCollection.Name)]
public sealed class PackageOutsideTheRepositoryTests(EmbeddedBackend backend, ITestOutputHelper output)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task The_packed_client_restores_alone_and_the_documented_training_job_builds_and_publishes()
    {
        var repository = GuideScenario.RepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        var work = Directory.CreateTempSubdirectory("mlevents-package-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            var app = Path.Combine(work.FullName, "app");
            Directory.CreateDirectory(app);

            await RunAsync("dotnet", ["pack", Path.Combine(repository, "src", "MlEvents.Client"), "-c", configuration, "--no-build", "-o", feed, $"-p:PackageVersion={version}", "-nodeReuse:false"], repository);
            var package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
            using (var zip = System.IO.Compression.ZipFile.OpenRead(package))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("README.md", entries);
                Assert.Contains("lib/net10.0/MlEvents.Client.xml", entries);
                Assert.Contains("lib/net10.0/MlEvents.Contracts.dll", entries);
                using var nuspec = new StreamReader(zip.GetEntry("MlEvents.Client.nuspec")!.Open());
                var text = await nuspec.ReadToEndAsync();
                Assert.DoesNotContain("MlEvents.Contracts\"", text);
                Assert.DoesNotContain("Microsoft.Extensions.Hosting\"", text);
                Assert.Contains("Microsoft.Extensions.Hosting.Abstractions", text);
            }

            await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), """
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="local-feed" value="../feed" />
                  </packageSources>
                </configuration>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "TrainingJob.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="MlEvents.Client" Version="{version}" />
                    <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.15" />
                  </ItemGroup>
                </Project>
                """);
            File.Copy(Path.Combine(repository, "samples", "TrainingJob", "Program.cs"), Path.Combine(app, "Program.cs"));
            await RunAsync("dotnet", ["build", app, "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false"], app);

            var topic = backend.NewTopic();
            var job = await RunAsync("dotnet", [Path.Combine(app, "bin", "Release", "net10.0", "TrainingJob.dll")], app, new()
            {
                ["MlEvents__Publisher__BootstrapServers"] = backend.Cluster.BootstrapServers,
                ["MlEvents__Publisher__SchemaRegistryUrl"] = backend.Registry.Url,
                ["MlEvents__Publisher__Platform"] = "mlflow",
                ["MlEvents__Publisher__Topic"] = topic,
                ["RunId"] = "packaged-run-1",
            });

            Assert.Equal(0, job);
            var arrived = (await backend.ReadAllAsync(topic, 9)).Select(a => a.Event).ToList();
            Assert.Equal(
                ["ExperimentUpserted", "ModelAliasesChanged", "ModelGroupUpserted", "ModelGroupUpserted", "ModelRegistered", "ModelStageChanged", "RunFinished", "RunStarted", "RunStarted"],
                arrived.Select(e => e.Payload.TypeName).Order());
            var finished = arrived.Select(e => e.Payload).OfType<RunFinished>().Single();
            Assert.Equal((RunResult.SUCCESS, 0.01, "2026-11-30T00:00:00.0000000Z"), (finished.Result, finished.Metrics["loss"], finished.HyperParams["data_cutoff"]));
        }
        finally
        {
            work.Delete(recursive: true);
            var cached = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), "mlevents.client", version);
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        }
    }

    [Fact]
    public async Task The_guides_training_job_is_the_sample_that_is_compiled_and_run()
    {
        var repository = GuideScenario.RepositoryRoot();
        var program = (await File.ReadAllTextAsync(Path.Combine(repository, "samples", "TrainingJob", "Program.cs"))).ReplaceLineEndings("\n");
        var guide = (await File.ReadAllTextAsync(Path.Combine(repository, "docs", "PUBLISHING.md"))).ReplaceLineEndings("\n");

        Assert.Contains("```csharp\n" + program + "```", guide, StringComparison.Ordinal);
    }

    private async Task<int> RunAsync(string file, string[] arguments, string directory, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && file == "dotnet" ? host : file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The test host runs inside `dotnet test`: its MSBuild variables would point a child build at the wrong SDK parts.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList()) start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? []) start.Environment[name] = value;

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StepTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        output.WriteLine($"$ {file} {string.Join(' ', arguments)}  ({watch.Elapsed.TotalSeconds:0.0} s, exit {process.ExitCode})");
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        if (environment is null) Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        return process.ExitCode;
    }
}

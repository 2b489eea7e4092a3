using MlEvents.Translation.Serdes;
using System.Text.Json.Nodes;
using MlEvents.Contracts;
using MlEvents.Reliability.Tests.Support;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Worker.Diagnostics;
using Xunit.Abstractions;

namespace MlEvents.Reliability.Tests.Faults;

/// <summary>
/// Registry outage in the middle of a stream, after the worker has cached the schemas it saw so far: events written with
/// a schema id it has not seen yet (a producer upgraded to an evolved schema) cannot be read until the registry returns.
/// The outage right at start-up (nothing cached) is RecoveryEndToEndTests.While_the_registry_is_unavailable_... in
/// MlEvents.Integration.Tests.
/// </summary>
public sealed class RegistryOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_registry_outage_mid_stream_pauses_and_retries_dead_letters_nothing_and_readiness_reflects_it()
    {
        await using var env = await StreamEnvironment.StartAsync("outage");
        var before = SampleEvents.Stream(200, "before").ToList();
        var during = SampleEvents.Stream(200, "during").ToList();

        // The evolved schema (one more optional field) is registered, and the second batch encoded with it, while the registry is up.
        var evolved = JsonNode.Parse(MlEventAvro.SchemaJson)!.AsObject();
        evolved["fields"]!.AsArray().Add(JsonNode.Parse("""{"name":"traceId","type":["null","string"],"default":null}"""));
        var subject = $"{env.EventsTopic}-value";
        await env.PublishAsync(before);
        var evolvedId = env.Registry.Register(subject, evolved.ToJsonString());
        var latest = new AvroSerializerConfig { AutoRegisterSchemas = false, UseLatestVersion = true };
        var encoded = new List<(string, byte[])>();
        foreach (var mlEvent in during)
        {
            encoded.Add((EventKeys.For(mlEvent), await RawRecords.EncodeAsAsync(env.Client, env.EventsTopic, mlEvent, (Avro.RecordSchema)Avro.Schema.Parse(evolved.ToJsonString()), latest)));
        }

        Assert.All(encoded, e => Assert.Equal(evolvedId, ConfluentWireFormat.ReadSchemaId(e.Item2)));

        await using var worker = new InProcessWorker(env, output);
        await worker.StartAsync();
        await Eventually.True(() => env.Committed() == before.Count, TimeSpan.FromSeconds(30), "the first batch committed");
        var mcpsBefore = env.Count(env.McpTopic);

        env.Registry.SetAvailable(false);
        await RawRecords.ProduceAsync(env.Cluster.BootstrapServers, env.EventsTopic, encoded, partition: null);
        await Eventually.True(() => !worker.Readiness.Registry.IsReady, TimeSpan.FromSeconds(15), "readiness to report the registry");
        await Task.Delay(TimeSpan.FromSeconds(2));
        output.WriteLine($"during the outage: readiness '{worker.Readiness.Registry.Reason}', translate retries {worker.Metrics.Sum(WorkerMetrics.RetriesName, ("kind", "translate"))}");
        Assert.Equal(mcpsBefore, env.Count(env.McpTopic));
        Assert.Equal(before.Count, env.Committed());
        Assert.Equal(0, env.Count(env.DeadLetterTopic));
        Assert.True(worker.Metrics.Sum(WorkerMetrics.RetriesName, ("kind", "translate")) > 0, "no translation retries during the outage");

        env.Registry.SetAvailable(true);
        await Eventually.True(() => env.Committed() == before.Count + during.Count, TimeSpan.FromSeconds(30), "everything committed after the registry returned");
        await worker.StopAsync();

        Assert.True(worker.Readiness.Registry.IsReady, "readiness did not recover");
        Assert.Equal(0, env.Count(env.DeadLetterTopic));
        Assert.Equal(0, worker.Metrics.Sum(WorkerMetrics.EventsDeadLetteredName));
        var account = await env.AccountAsync([.. before, .. during]);
        output.WriteLine(account.ToString());
        Assert.Empty(account.Missing);
    }
}

using Avro.Generic;
using Avro.IO;
using Microsoft.Extensions.Configuration;
using MlEvents.Conversion;
using MlEvents.DataHub.Serialization;
using MlEvents.Integration.Tests.Worker;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.DevHost.Embedded;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class ScenarioEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task The_guides_scenario_arrives_as_DataHub_Avro_keyed_by_URN_exactly_as_the_converter_makes_it()
    {
        var topics = fixture.NewTopics();
        var events = TestEvents.Scenario();
        var expected = TestEvents.Expected(events);
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = fixture.Registry.Url });

        using var host = PipelineHost.Build(fixture.BootstrapServers, fixture.Registry.Url, topics, output);
        await host.StartAsync();
        using (var publisher = new EventPublisher(fixture.BootstrapServers, registry))
        {
            await publisher.PublishAsync(topics.Events, events);
        }

        await McpTopic.WaitForCountAsync(fixture.BootstrapServers, topics.Mcp, expected.Count, TimeSpan.FromSeconds(20));
        await host.StopAsync();

        var records = await McpTopic.ReadAllAsync(fixture.BootstrapServers, fixture.Registry.Url, topics.Mcp);
        Assert.Equal(
            expected.Select(TestEvents.Identity).Order(StringComparer.Ordinal),
            records.Select(r => TestEvents.Identity(r.Mcp)).Order(StringComparer.Ordinal));
        Assert.All(records, r => Assert.Equal(r.Mcp.EntityUrn, r.Key));
        Assert.Empty(new KafkaTestKit(fixture.BootstrapServers).ReadAll(topics.DeadLetter));

        // The id is the MCP topic's subject's, and it denotes DataHub's MCP schema: the bytes decode with that schema alone.
        var subjectSchema = await registry.GetLatestSchemaAsync($"{topics.Mcp}-value");
        Assert.All(records, r => Assert.Equal(subjectSchema.Id, r.SchemaId));
        Assert.Equal(AvroCanonical(McpAvro.Schema), AvroCanonical(Avro.Schema.Parse(subjectSchema.SchemaString)));
        var plain = new GenericDatumReader<GenericRecord>(McpAvro.Schema, McpAvro.Schema);
        foreach (var record in records)
        {
            var decoded = plain.Read(null!, new BinaryDecoder(new MemoryStream(record.Value, 5, record.Value.Length - 5)));
            Assert.Equal(record.Mcp.EntityUrn, decoded["entityUrn"]);
            Assert.Equal(record.Mcp.AspectName, decoded["aspectName"]);
        }

        output.WriteLine($"{events.Count} events -> {records.Count} MCPs, schema id {subjectSchema.Id}");
    }

    [Fact]
    public async Task The_embedded_run_prints_a_summary_writes_a_DataHub_MCP_file_and_exits_0()
    {
        var outputPath = Path.Combine(Path.GetTempPath(), $"mlevents-{Guid.NewGuid():N}", "mcps.json");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Embedded:OutputPath"] = outputPath })
            .Build();
        using var text = new StringWriter();

        var exitCode = await EmbeddedRun.RunAsync(configuration, text);

        output.WriteLine(text.ToString());
        Assert.Equal(0, exitCode);
        var expected = TestEvents.Expected(TestEvents.Scenario());
        var written = await McpJsonFile.ReadAsync(outputPath);
        Assert.Equal(
            expected.Select(TestEvents.Identity).Order(StringComparer.Ordinal),
            written.Select(TestEvents.Identity).Order(StringComparer.Ordinal));
        Assert.Contains($"{expected.Count} of {expected.Count} MCPs arrived", text.ToString());
        Assert.Contains($"{expected.Count} MCPs applied, 0 refused", text.ToString());
        foreach (var edge in new[] { "run → experiment", "model → model group", "run → model", "dataset → run", "run → dataset" })
        {
            Assert.Contains(edge, text.ToString());
        }

        Directory.Delete(Path.GetDirectoryName(outputPath)!, recursive: true);
    }

    [Fact]
    public async Task The_embedded_run_in_generic_patch_mode_shows_the_simulated_GMS_refusals_counted_by_the_worker_and_exits_1()
    {
        var outputPath = Path.Combine(Path.GetTempPath(), $"mlevents-{Guid.NewGuid():N}", "mcps.json");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Embedded:OutputPath"] = outputPath, ["Conversion:WriteMode"] = "GenericPatch" })
            .Build();
        using var text = new StringWriter();

        var exitCode = await EmbeddedRun.RunAsync(configuration, text);

        output.WriteLine(text.ToString());
        Assert.Equal(1, exitCode);
        var expected = TestEvents.Scenario().SelectMany(new EventConverter(new ConversionOptions { WriteMode = WriteMode.GenericPatch }).Convert)
            .Count(m => m.ChangeType == MlEvents.DataHub.Mcps.ChangeType.Patch && m.AspectName != "globalTags");
        Assert.True(expected > 0);
        Assert.Contains($"{expected} refused to FailedMetadataChangeProposal_v1; the worker counted {expected} ", text.ToString());
        Assert.Contains("does not currently support patch operations.", text.ToString());
        Assert.Contains("DataHub would refuse", text.ToString());
        Directory.Delete(Path.GetDirectoryName(outputPath)!, recursive: true);
    }

    [Fact]
    public async Task The_embedded_run_rejects_an_invalid_events_file_with_exit_code_2_naming_the_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlevents-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(path, [File.ReadLines(EmbeddedRunOptions.DefaultEventsFile).First(), "{\"eventId\":\"x\"}"]);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Embedded:EventsFile"] = path })
            .Build();
        using var text = new StringWriter();

        var exitCode = await EmbeddedRun.RunAsync(configuration, text);

        File.Delete(path);
        Assert.Equal(2, exitCode);
        Assert.Contains($"{path}:2:", text.ToString());
    }

    private static string AvroCanonical(Avro.Schema schema) => Avro.SchemaNormalization.ToParsingForm(schema);
}

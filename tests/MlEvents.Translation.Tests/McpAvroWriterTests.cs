using System.Net;
using Avro.Generic;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using MlEvents.Embedded;
using MlEvents.Translation.Serdes;

namespace MlEvents.Translation.Tests;

public sealed class McpAvroWriterTests
{
    private const string Topic = "MetadataChangeProposal_v1";
    private const string Subject = Topic + "-value";

    /// <summary>Every MCP of the shipped scenario (27, all aspects the converter makes).</summary>
    private static readonly IReadOnlyList<MetadataChangeProposal> ScenarioMcps = File
        .ReadLines(Path.Combine(AppContext.BaseDirectory, "samples", "airline-forecast.events.jsonl"))
        .Where(line => !string.IsNullOrWhiteSpace(line))
        .SelectMany(line => new EventConverter(new ConversionOptions()).Convert(MlEventJson.Parse(line)))
        .ToList();

    public static TheoryData<bool, bool> Modes => new() { { true, false }, { false, false }, { false, true } };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Writes_the_same_bytes_as_Confluents_AvroSerializer(bool autoRegister, bool useLatest)
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        if (!autoRegister)
        {
            registry.Register(Subject, McpAvro.SchemaJson);
        }

        var config = new AvroSerializerConfig { AutoRegisterSchemas = autoRegister, UseLatestVersion = useLatest };
        var confluent = new AvroSerializer<GenericRecord>(client, config);
        var plan = await new McpAvroWriter(client, config).PlanForAsync(Topic, CancellationToken.None);
        var records = plan.Records.CreateAll(ScenarioMcps);

        Assert.Equal(27, ScenarioMcps.Count);
        Assert.True(plan.WritesDirectly);
        for (var i = 0; i < ScenarioMcps.Count; i++)
        {
            var expected = await confluent.SerializeAsync(McpAvro.ToGenericRecord(ScenarioMcps[i]), Registry.Value(Topic));
            Assert.Equal(expected, plan.Write(records[i]));
            Assert.Equal(expected, plan.Write(ScenarioMcps[i]));
        }

        Assert.Equal(Subject, plan.Subject);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task On_DataHub_GMS_it_writes_with_the_schema_the_fixed_id_stands_for(bool useLatest)
    {
        await using var gms = await StartGmsAsync(servesVersions: true);
        using var client = Registry.Client(gms.Url);
        var writer = new McpAvroWriter(client, new AvroSerializerConfig { AutoRegisterSchemas = !useLatest, UseLatestVersion = useLatest });
        var mcp = ScenarioMcps.First(m => m.SystemMetadata is not null);

        var plan = await writer.PlanForAsync(Topic, CancellationToken.None);
        var bytes = plan.Write(plan.Records.CreateAll([mcp])[0]);

        Assert.True(plan.WritesDirectly);
        Assert.Equal(bytes, plan.Write(mcp));
        Assert.Equal(16, ConfluentWireFormat.ReadSchemaId(bytes));
        var asGms = AvroBytes.Decode(bytes, TestSchemas.GmsMcp); // consumes every byte with GMS's schema, not the shipped one
        Assert.Equal((mcp.EntityUrn, mcp.AspectName), ((string)asGms["entityUrn"], (string)asGms["aspectName"]));
        Assert.Equal(mcp.AspectValue.ToArray(), (byte[])((GenericRecord)asGms["aspect"])["value"]);
        Assert.Equal(mcp.SystemMetadata!.LastObserved, ((GenericRecord)asGms["systemMetadata"])["lastObserved"]);
        Assert.Null(asGms["headers"]);
    }

    /// <summary>The direct writer against the generic path on schemas unlike the shipped one, with every optional value set.</summary>
    [Theory]
    [InlineData(TestSchemas.GmsMcp, true)]
    [InlineData(TestSchemas.LocalMcp, true)]
    [InlineData(HeadersWithNullableValues, false)]
    public async Task Writes_directly_what_the_generic_path_writes_and_falls_back_where_it_cannot(string schemaJson, bool direct)
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        registry.Register(Subject, schemaJson);
        var plan = await new McpAvroWriter(client, new AvroSerializerConfig { AutoRegisterSchemas = false, UseLatestVersion = true })
            .PlanForAsync(Topic, CancellationToken.None);
        var withEverything = ScenarioMcps.First(m => m.SystemMetadata is not null) with
        {
            SystemMetadata = new SystemMetadata
            {
                LastObserved = -5,
                RunId = "r",
                LastRunId = "l",
                PipelineName = "p",
                RegistryName = "n",
                RegistryVersion = "v",
                Properties = new Dictionary<string, string> { ["k"] = "v\u00e9", ["k2"] = "" },
                Version = "2",
            },
            Headers = new Dictionary<string, string> { ["h1"] = "x", ["h2"] = "y" },
        };
        var withoutMetadata = withEverything with { SystemMetadata = null, Headers = null };

        Assert.Equal(direct, plan.WritesDirectly);
        foreach (var mcp in ScenarioMcps.Where(m => m.ChangeType is ChangeType.Upsert or ChangeType.Patch).Append(withEverything).Append(withoutMetadata))
        {
            Assert.Equal(plan.Write(McpAvro.ToGenericRecord(mcp, plan.Schema)), plan.Write(mcp));
        }
    }

    [Fact]
    public async Task An_MCP_the_schema_cannot_hold_fails_as_on_the_generic_path()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var plan = await new McpAvroWriter(client, new AvroSerializerConfig()).PlanForAsync(Topic, CancellationToken.None);
        var mcp = ScenarioMcps[0] with { ChangeType = ChangeType.CreateEntity }; // the shipped schema has no CREATE_ENTITY

        var direct = Assert.Throws<InvalidOperationException>(() => plan.Write(mcp));
        var generic = Assert.Throws<InvalidOperationException>(() => McpAvro.ToGenericRecord(mcp, plan.Schema));

        Assert.True(plan.WritesDirectly);
        Assert.Equal(generic.Message, direct.Message);
    }

    [Fact]
    public async Task A_schema_whose_enum_lacks_PATCH_still_gets_the_direct_writer_for_UPSERTs()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        registry.Register(Subject, TestSchemas.LocalMcp.Replace("\"DELETE\",\"PATCH\"", "\"DELETE\"", StringComparison.Ordinal));
        var plan = await new McpAvroWriter(client, new AvroSerializerConfig { AutoRegisterSchemas = false, UseLatestVersion = true })
            .PlanForAsync(Topic, CancellationToken.None);
        var upsert = ScenarioMcps.First(m => m.ChangeType == ChangeType.Upsert);
        var patch = upsert with { ChangeType = ChangeType.Patch };

        Assert.True(plan.WritesDirectly);
        Assert.Equal(plan.Write(McpAvro.ToGenericRecord(upsert, plan.Schema)), plan.Write(upsert));
        Assert.Equal(
            Assert.Throws<InvalidOperationException>(() => McpAvro.ToGenericRecord(patch, plan.Schema)).Message,
            Assert.Throws<InvalidOperationException>(() => plan.Write(patch)).Message);
    }

    /// <summary>GMS's shape with header values that may be null: a map the direct writer does not write (generic path).</summary>
    private const string HeadersWithNullableValues = """
        {"type":"record","name":"MetadataChangeProposal","namespace":"com.linkedin.pegasus2avro.mxe","fields":[
          {"name":"entityType","type":"string"},
          {"name":"entityUrn","type":["null","string"],"default":null},
          {"name":"changeType","type":{"type":"enum","name":"ChangeType","namespace":"com.linkedin.pegasus2avro.events.metadata","symbols":["UPSERT","PATCH"]}},
          {"name":"aspectName","type":["null","string"],"default":null},
          {"name":"aspect","type":["null",{"type":"record","name":"GenericAspect","fields":[
              {"name":"value","type":"bytes"},{"name":"contentType","type":"string"}]}],"default":null},
          {"name":"note","type":"string","default":"from the schema"},
          {"name":"headers","type":["null",{"type":"map","values":["null","string"]}],"default":null}]}
        """;

    [Fact]
    public async Task Older_GMS_without_version_endpoints_works_with_auto_register_and_use_latest_fails_permanently()
    {
        await using var gms = await StartGmsAsync(servesVersions: false);
        using var client = Registry.Client(gms.Url);

        var plan = await new McpAvroWriter(client, new AvroSerializerConfig()).PlanForAsync(Topic, CancellationToken.None);
        var useLatest = await Assert.ThrowsAsync<SchemaRegistryException>(() =>
            new McpAvroWriter(client, new AvroSerializerConfig { AutoRegisterSchemas = false, UseLatestVersion = true }).PlanForAsync(Topic, CancellationToken.None));
        var lookup = await Assert.ThrowsAsync<SchemaRegistryException>(() =>
            new McpAvroWriter(client, new AvroSerializerConfig { AutoRegisterSchemas = false }).PlanForAsync(Topic, CancellationToken.None));

        Assert.Equal(16, plan.SchemaId);
        Assert.Equal((HttpStatusCode.NotImplemented, false), (useLatest.Status, SchemaRegistryErrors.IsTransient(useLatest)));
        Assert.Equal((HttpStatusCode.NotImplemented, false), (lookup.Status, SchemaRegistryErrors.IsTransient(lookup)));
    }

    [Fact]
    public async Task A_failed_resolution_is_not_kept_the_next_call_asks_the_registry_again()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var writer = new McpAvroWriter(client, new AvroSerializerConfig());
        registry.SetAvailable(false);

        var down = await Assert.ThrowsAnyAsync<Exception>(() => writer.PlanForAsync(Topic, CancellationToken.None));
        registry.SetAvailable(true);
        var plan = await writer.PlanForAsync(Topic, CancellationToken.None);

        Assert.True(SchemaRegistryErrors.IsTransient(down), down.ToString());
        Assert.Equal(registry.Register(Subject, McpAvro.SchemaJson), plan.SchemaId);
    }

    private static Task<EmbeddedSchemaRegistry> StartGmsAsync(bool servesVersions) => Registry.StartAsync(new()
    {
        PathBase = "/schema-registry/api",
        DataHubServesVersions = servesVersions,
        DataHubSubjects = new Dictionary<string, DataHubSubject> { [Subject] = new(16, TestSchemas.GmsMcp, Version: 2) },
    });
}

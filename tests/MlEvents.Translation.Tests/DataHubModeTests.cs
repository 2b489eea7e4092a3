using System.Net;
using Avro.Generic;
using MlEvents.Embedded;

namespace MlEvents.SchemaRegistry.Tests;

public sealed class DataHubModeTests
{
    private const string Subject = "MetadataChangeProposal_v1-value";
    private const int FixedId = 16;

    private static Task<EmbeddedSchemaRegistry> StartGmsAsync() => Registry.StartAsync(new()
    {
        PathBase = "/schema-registry/api",
        DataHubSubjects = new Dictionary<string, DataHubSubject> { [Subject] = new(FixedId, TestSchemas.GmsMcp, Version: 2) },
    });

    [Fact]
    public async Task Register_returns_the_fixed_id_whatever_is_posted_and_unknown_subjects_are_404()
    {
        await using var gms = await StartGmsAsync();
        using var client = Registry.Client(gms.Url);

        Assert.Equal(FixedId, await client.RegisterSchemaAsync(Subject, Schema.Avro(TestSchemas.V1)));
        Assert.Equal(FixedId, await client.RegisterSchemaAsync(Subject, Schema.Avro(TestSchemas.LocalMcp)));
        var unknown = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.RegisterSchemaAsync("Other_v1-value", Schema.Avro(TestSchemas.V1)));
        Assert.Equal((HttpStatusCode.NotFound, false), (unknown.Status!.Value, unknown.IsTransient));

        var byId = await client.GetSchemaAsync(FixedId);
        Assert.Equal(ClientTests.Canonical(TestSchemas.GmsMcp), ClientTests.Canonical(byId.SchemaString));
        var latest = await client.GetLatestSchemaAsync(Subject);
        Assert.Equal((FixedId, 2), (latest.Id, latest.Version));
    }

    [Fact]
    public async Task Lookup_is_not_implemented_and_that_is_permanent()
    {
        await using var gms = await StartGmsAsync();
        var handler = new CountingHandler();
        using var client = Registry.Client(gms.Url, handler, maxRetries: 3);

        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetSchemaIdAsync(Subject, Schema.Avro(TestSchemas.GmsMcp)));

        Assert.Equal(HttpStatusCode.NotImplemented, e.Status);
        Assert.False(e.IsTransient);
        Assert.Equal(1, handler.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Serializer_writes_a_smaller_local_record_with_the_registry_schema(bool useLatest)
    {
        await using var gms = await StartGmsAsync();
        using var client = Registry.Client(gms.Url);
        var serializer = new AvroSerializer<GenericRecord>(client, new AvroSerializerConfig { AutoRegisterSchemas = !useLatest, UseLatestVersion = useLatest });
        var local = TestSchemas.LocalMcpRecord("urn:li:dataProcessInstance:abc");

        var bytes = await serializer.SerializeAsync(local, Registry.Value("MetadataChangeProposal_v1"));

        Assert.Equal(FixedId, AvroBytes.SchemaId(bytes));
        var asGms = AvroBytes.Decode(bytes, TestSchemas.GmsMcp); // consumes every byte with the registry's schema
        Assert.Equal("urn:li:dataProcessInstance:abc", asGms["entityUrn"]);
        Assert.Equal("UPSERT", ((GenericEnum)asGms["changeType"]).Value);
        Assert.Null(asGms["headers"]);
        var aspect = (GenericRecord)asGms["aspect"];
        Assert.Equal("{\"status\":\"COMPLETE\"}"u8.ToArray(), (byte[])aspect["value"]);
        var sm = (GenericRecord)asGms["systemMetadata"];
        Assert.Equal((1_700_000_000_000L, "run-7", null, null), ((long)sm["lastObserved"], (string)sm["runId"], sm["properties"], (string?)sm["version"]));

        // and a consumer that only knows the id decodes the same
        var viaDeserializer = await new AvroDeserializer<GenericRecord>(client).DeserializeAsync(bytes, false, Registry.Value("MetadataChangeProposal_v1"));
        Assert.Equal(asGms, viaDeserializer);
    }

    [Fact]
    public async Task Null_union_values_in_the_local_record_stay_null()
    {
        await using var gms = await StartGmsAsync();
        using var client = Registry.Client(gms.Url);
        var serializer = new AvroSerializer<GenericRecord>(client);
        var local = TestSchemas.LocalMcpRecord("urn:li:x", runId: null);
        local.Add("systemMetadata", null);
        local.Add("aspect", null);

        var asGms = AvroBytes.Decode(await serializer.SerializeAsync(local, Registry.Value("MetadataChangeProposal_v1")), TestSchemas.GmsMcp);

        Assert.Null(asGms["systemMetadata"]);
        Assert.Null(asGms["aspect"]);
    }

    [Fact]
    public async Task Older_gms_without_version_endpoints_works_with_auto_register_but_not_with_use_latest()
    {
        await using var gms = await Registry.StartAsync(new()
        {
            DataHubServesVersions = false,
            DataHubSubjects = new Dictionary<string, DataHubSubject> { [Subject] = new(0, TestSchemas.GmsMcp) },
        });
        using var client = Registry.Client(gms.Url);
        var local = TestSchemas.LocalMcpRecord("urn:li:x");

        var bytes = await new AvroSerializer<GenericRecord>(client).SerializeAsync(local, Registry.Value("MetadataChangeProposal_v1"));
        Assert.Equal(0, AvroBytes.SchemaId(bytes));
        Assert.Equal("urn:li:x", AvroBytes.Decode(bytes, TestSchemas.GmsMcp)["entityUrn"]);

        var useLatest = new AvroSerializer<GenericRecord>(client, new AvroSerializerConfig { AutoRegisterSchemas = false, UseLatestVersion = true });
        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() => useLatest.SerializeAsync(local, Registry.Value("MetadataChangeProposal_v1")));
        Assert.Equal((HttpStatusCode.NotImplemented, false), (e.Status!.Value, e.IsTransient));
    }

    [Fact]
    public async Task A_record_that_cannot_be_conformed_fails_permanently_with_the_field_named()
    {
        await using var gms = await Registry.StartAsync(new()
        {
            DataHubSubjects = new Dictionary<string, DataHubSubject> { ["t-value"] = new(3, TestSchemas.V1.Replace("{\"name\":\"ts\",\"type\":\"long\"}", "{\"name\":\"ts\",\"type\":\"long\"},{\"name\":\"owner\",\"type\":\"string\"}")) },
        });
        using var client = Registry.Client(gms.Url);
        var serializer = new AvroSerializer<GenericRecord>(client);

        var e = await Assert.ThrowsAsync<AvroSchemaIncompatibleException>(() => serializer.SerializeAsync(TestSchemas.V1Record(), Registry.Value("t")));

        Assert.Contains("$.owner", e.Message);
        Assert.Contains("schema id 3", e.Message);
        Assert.False(SchemaRegistryErrors.IsTransient(e));
    }
}

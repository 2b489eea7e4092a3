using Avro.Generic;
using Confluent.Kafka;

namespace MlEvents.SchemaRegistry.Tests;

public sealed class SerializerTests
{
    [Fact]
    public async Task Writes_confluent_wire_format_with_the_registered_id()
    {
        await using var registry = await Registry.StartAsync();
        registry.Register("other-value", TestSchemas.Other); // so the id is not trivially 1
        using var client = Registry.Client(registry.Url);
        var serializer = new AvroSerializer<GenericRecord>(client);

        var bytes = await serializer.SerializeAsync(TestSchemas.V1Record("run-9", 1234), Registry.Value("events"));

        var id = await client.GetSchemaIdAsync("events-value", Schema.Avro(TestSchemas.V1));
        Assert.Equal(id, AvroBytes.SchemaId(bytes));
        var decoded = AvroBytes.Decode(bytes, TestSchemas.V1);
        Assert.Equal(("run-9", 1234L), ((string)decoded["id"], (long)decoded["ts"]));
    }

    [Fact]
    public async Task Second_serialize_does_no_http_even_for_a_new_schema_instance_with_the_same_content()
    {
        await using var registry = await Registry.StartAsync();
        var handler = new CountingHandler();
        using var client = Registry.Client(registry.Url, handler);
        var serializer = new AvroSerializer<GenericRecord>(client);

        await serializer.SerializeAsync(TestSchemas.V1Record(), Registry.Value("events"));
        var afterFirst = handler.Count;
        var same = TestSchemas.V1Record("run-2");
        await serializer.SerializeAsync(same, Registry.Value("events"));
        await serializer.SerializeAsync(TestSchemas.V1Record("run-3"), Registry.Value("events")); // freshly parsed schema

        Assert.Equal(2, afterFirst); // register + fetch the id's schema
        Assert.Equal(afterFirst, handler.Count);
    }

    [Theory]
    [InlineData(SubjectNameStrategy.Topic, false, "events-value")]
    [InlineData(SubjectNameStrategy.Topic, true, "events-key")]
    [InlineData(SubjectNameStrategy.Record, false, "ml.events.TrainingEvent")]
    [InlineData(SubjectNameStrategy.TopicRecord, false, "events-ml.events.TrainingEvent")]
    public async Task Subject_name_strategies(SubjectNameStrategy strategy, bool isKey, string expectedSubject)
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var serializer = new AvroSerializer<GenericRecord>(client, new AvroSerializerConfig { SubjectNameStrategy = strategy });

        await serializer.SerializeAsync(TestSchemas.V1Record(), isKey ? Registry.Key("events") : Registry.Value("events"));

        Assert.Equal([expectedSubject], await client.GetAllSubjectsAsync());
    }

    [Fact]
    public async Task Custom_subject_name_delegate_wins()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var serializer = new AvroSerializer<GenericRecord>(client, new AvroSerializerConfig
        {
            SubjectNameStrategy = SubjectNameStrategy.Record,
            SubjectNameStrategyDelegate = (ctx, record) => $"custom.{ctx.Topic}.{record}",
        });

        await serializer.SerializeAsync(TestSchemas.V1Record(), Registry.Value("events"));

        Assert.Equal(["custom.events.ml.events.TrainingEvent"], await client.GetAllSubjectsAsync());
    }

    [Fact]
    public async Task Auto_register_off_looks_up_and_fails_permanently_when_not_registered()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var serializer = new AvroSerializer<GenericRecord>(client, new AvroSerializerConfig { AutoRegisterSchemas = false });

        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() => serializer.SerializeAsync(TestSchemas.V1Record(), Registry.Value("events")));
        Assert.Equal(SchemaRegistryErrorCodes.SubjectNotFound, e.ErrorCode);
        Assert.False(SchemaRegistryErrors.IsTransient(e));
        Assert.Empty(await client.GetAllSubjectsAsync());

        var id = registry.Register("events-value", TestSchemas.V1);
        var bytes = await serializer.SerializeAsync(TestSchemas.V1Record(), Registry.Value("events"));
        Assert.Equal(id, AvroBytes.SchemaId(bytes));
    }

    [Fact]
    public async Task Use_latest_version_writes_with_the_latest_schema_filling_defaults()
    {
        await using var registry = await Registry.StartAsync();
        registry.Register("events-value", TestSchemas.V1);
        var latestId = registry.Register("events-value", TestSchemas.V2);
        using var client = Registry.Client(registry.Url);
        var serializer = new AvroSerializer<GenericRecord>(client, new AvroSerializerConfig { AutoRegisterSchemas = false, UseLatestVersion = true });

        var bytes = await serializer.SerializeAsync(TestSchemas.V1Record("run-5", 5), Registry.Value("events"));

        Assert.Equal(latestId, AvroBytes.SchemaId(bytes));
        var decoded = AvroBytes.Decode(bytes, TestSchemas.V2);
        Assert.Equal(("run-5", 5L, null, 1), ((string)decoded["id"], (long)decoded["ts"], (string?)decoded["note"], (int)decoded["attempt"]));
    }

    [Fact]
    public void Use_latest_together_with_auto_register_is_rejected()
    {
        using var client = Registry.Client("http://127.0.0.1:1");
        Assert.Throws<ArgumentException>(() => new AvroSerializer<GenericRecord>(client, new AvroSerializerConfig { UseLatestVersion = true }));
    }

    [Fact]
    public async Task Null_datum_gives_null_payload()
    {
        using var client = Registry.Client("http://127.0.0.1:1");
        var serializer = new AvroSerializer<GenericRecord>(client);
        Assert.Null(await serializer.SerializeAsync(null!, Registry.Value("events")));
    }

    [Fact]
    public async Task Registry_down_on_first_message_is_transient_and_recovers()
    {
        await using var registry = await Registry.StartAsync();
        registry.SetAvailable(false);
        using var client = Registry.Client(registry.Url, maxRetries: 0);
        var serializer = new AvroSerializer<GenericRecord>(client);

        var e = await Assert.ThrowsAsync<SchemaRegistryUnavailableException>(() => serializer.SerializeAsync(TestSchemas.V1Record(), Registry.Value("events")));
        Assert.True(SchemaRegistryErrors.IsTransient(e));

        registry.SetAvailable(true);
        var bytes = await serializer.SerializeAsync(TestSchemas.V1Record(), Registry.Value("events"));
        Assert.Equal("run-1", (string)AvroBytes.Decode(bytes, TestSchemas.V1)["id"]);
    }

    [Fact]
    public async Task Concurrent_serialization_from_many_threads_is_consistent()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var serializer = new AvroSerializer<GenericRecord>(client);
        var schema = TestSchemas.Parse(TestSchemas.V1);

        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            var r = new GenericRecord(schema);
            r.Add("id", $"run-{i}");
            r.Add("ts", (long)i);
            return (i, bytes: await serializer.SerializeAsync(r, Registry.Value("events")));
        })));

        Assert.All(results, x => Assert.Equal($"run-{x.i}", (string)AvroBytes.Decode(x.bytes, TestSchemas.V1)["id"]));
    }
}

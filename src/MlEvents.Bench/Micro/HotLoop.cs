using System.Diagnostics;
using Avro.Generic;
using Confluent.Kafka;
using MlEvents.Bench.Workload;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Serialization;
using MlEvents.Embedded;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Translation;

namespace MlEvents.Bench.Micro;

/// <summary>
/// <c>loop --stage convert|decode|encode|serialize|serialize-confluent|translate --type RunFinished --seconds 10</c>: one stage of the worker's per-event work in a
/// tight loop, reporting process CPU time per event (not wall time: meaningful on a shared, loaded machine) and bytes
/// allocated per event. Also a target to attach <c>dotnet-trace collect</c> to.
/// </summary>
public static class HotLoop
{
    public static readonly string[] OptionNames = ["stage", "type", "seconds"];

    public static async Task<int> RunAsync(BenchArguments arguments, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        var stage = arguments.Text("stage") ?? "convert";
        var types = arguments.Text("type") is { } type ? [type] : EventMix.SupportedTypes;
        var duration = TimeSpan.FromSeconds(arguments.Double("seconds", 5));
        var converter = new EventConverter(new ConversionOptions());
        await using var registry = await EmbeddedSchemaRegistry.StartNewAsync().ConfigureAwait(false);
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url });
        var translator = new AvroEventTranslator(client, new SchemaRegistryOptions().ToSerializerConfig(), converter, "bench.mcps");
        var eventSerializer = new AvroSerializer<GenericRecord>(client);
        // The two MCP writers the translator could use: Confluent's serializer, and the one it uses (same bytes, see its tests).
        var confluentMcpSerializer = new AvroSerializer<GenericRecord>(client, new SchemaRegistryOptions().ToSerializerConfig());
        var mcpWriter = new MlEvents.Translation.Serdes.McpAvroWriter(client, new SchemaRegistryOptions().ToSerializerConfig());
        var mcpContext = new SerializationContext(MessageComponentType.Value, "bench.mcps");
        var eventReader = new MlEvents.Translation.Serdes.BoundedAvroDeserializer(client, MlEventAvro.Schema);

        foreach (var eventType in types)
        {
            var events = Enumerable.Range(0, 64).Select(i => EventFactory.Create(i, eventType)).ToArray();
            var mcps = events.Select(e => converter.Convert(e).ToArray()).ToArray();
            var inputs = new ConsumeResult<byte[]?, byte[]?>[events.Length];
            for (var i = 0; i < events.Length; i++)
            {
                var value = await eventSerializer.SerializeAsync(MlEventAvro.ToGenericRecord(events[i]), new SerializationContext(MessageComponentType.Value, "bench.events")).ConfigureAwait(false);
                inputs[i] = new ConsumeResult<byte[]?, byte[]?> { Topic = "bench.events", Message = new Message<byte[]?, byte[]?> { Value = value } };
            }

            Func<long, ValueTask> step = stage switch
            {
                "convert" => i => { converter.Convert(events[i % events.Length]); return ValueTask.CompletedTask; }
                ,
                "encode" => i =>
                {
                    foreach (var mcp in mcps[i % mcps.Length])
                    {
                        AvroBytes.Encode(McpAvro.ToGenericRecord(mcp));
                    }

                    return ValueTask.CompletedTask;
                }
                ,
                "serialize-confluent" => async i =>
                {
                    foreach (var record in McpRecordFactory.For().CreateAll(mcps[i % mcps.Length]))
                    {
                        await confluentMcpSerializer.SerializeAsync(record, mcpContext).ConfigureAwait(false);
                    }
                }
                ,
                "serialize" => async i =>
                {
                    var plan = await mcpWriter.PlanForAsync(mcpContext.Topic, CancellationToken.None).ConfigureAwait(false);
                    foreach (var mcp in mcps[i % mcps.Length])
                    {
                        plan.Write(mcp);
                    }
                }
                ,
                "decode" => async i => MlEventAvro.FromGenericRecord(
                    await eventReader.DeserializeAsync(inputs[i % inputs.Length].Message.Value, CancellationToken.None).ConfigureAwait(false)),
                "translate" => async i => await translator.TranslateAsync(inputs[i % inputs.Length], CancellationToken.None).ConfigureAwait(false),
                _ => throw new FormatException($"--stage: convert, decode, encode, serialize, serialize-confluent or translate, not '{stage}'"),
            };

            for (var i = 0; i < 2000; i++)
            {
                await step(i).ConfigureAwait(false); // warm-up (JIT tiers)
            }

            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            long operations = 0;
            while (clock.Elapsed < duration)
            {
                await step(operations++).ConfigureAwait(false);
            }

            process.Refresh();
            var cpuMicros = (process.TotalProcessorTime - cpu).TotalMicroseconds / operations;
            allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / operations;
            await output.WriteLineAsync(
                $"{stage} {eventType}: {operations:N0} events, CPU {cpuMicros:0.0} µs/event, wall {clock.Elapsed.TotalMicroseconds / operations:0.0} µs/event, "
                + $"{allocated:N0} B/event, {mcps[0].Length} MCPs/event").ConfigureAwait(false);
        }

        return 0;
    }
}

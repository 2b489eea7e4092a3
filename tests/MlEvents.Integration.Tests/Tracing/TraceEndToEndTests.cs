using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using MlEvents.Client;
using MlEvents.Integration.Tests.EndToEnd;
using MlEvents.Integration.Tests.Worker;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Worker.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Tracing;

/// <summary>
/// One trace from a training job (the C# client inside the job's Activity) through the worker to the MCP records and
/// the dead-letter record, on the embedded cluster; spans collected by OpenTelemetry's in-memory exporter.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TraceEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private static readonly ActivitySource TrainingJob = new("MlEvents.Integration.Tests.TrainingJob");

    [Fact]
    public async Task One_trace_id_runs_from_the_publisher_through_the_worker_span_into_MCP_and_dead_letter_headers()
    {
        var topics = fixture.NewTopics();
        var clientSpans = new List<Activity>();
        var workerSpans = new List<Activity>();
        using var clientTracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(TrainingJob.Name, PublisherTracing.SourceName)
            .AddInMemoryExporter(clientSpans)
            .Build();

        ActivityTraceId traceId;
        ActivitySpanId jobSpanId;
        var published = new List<PublishedEvent>();
        using (var job = TrainingJob.StartActivity("train churn model"))
        {
            Assert.NotNull(job);
            (traceId, jobSpanId) = (job.TraceId, job.SpanId);
            await using (var publisher = MlEventsPublisher.Create(new MlEventsPublisherOptions
            {
                BootstrapServers = fixture.BootstrapServers,
                SchemaRegistry = new SchemaRegistryConfig { Url = fixture.Registry.Url },
                Topic = topics.Events,
                Platform = "mlflow",
                Actor = "datahub",
            }))
            {
                published.Add(await publisher.UpsertExperimentAsync("churn"));
                published.Add(await publisher.UpsertModelGroupAsync("churn-model"));
            }

            // A broken producer in the same job: its record is dead-lettered, still inside the trace.
            using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = fixture.BootstrapServers }).Build();
            await producer.ProduceAsync(topics.Events, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes("broken"),
                Value = Encoding.UTF8.GetBytes("not avro"),
                Headers = new Headers { { "traceparent", Encoding.ASCII.GetBytes(job.Id!) } },
            });
        }

        using var host = PipelineHost.Build(
            fixture.BootstrapServers, fixture.Registry.Url, topics, output,
            new Dictionary<string, string?> { ["Telemetry:Tracing:Enabled"] = "true" },
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(workerSpans)));
        await host.StartAsync();
        var kit = new KafkaTestKit(fixture.BootstrapServers);
        await KafkaTestKit.WaitUntil(() => kit.CommittedTotal(topics.Group, topics.Events) == 3, TimeSpan.FromSeconds(30), "all 3 inputs committed");
        await host.StopAsync();

        // The publisher: one send span per event, children of the job's span.
        var sends = clientSpans.Where(s => s.TraceId == traceId && s.Source.Name == PublisherTracing.SourceName).ToList();
        Assert.Equal(published.Select(p => p.Event.EventId).Order(), sends.Select(s => (string)s.GetTagItem("messaging.message.id")!).Order());
        Assert.All(sends, s =>
        {
            Assert.Equal(ActivityKind.Producer, s.Kind);
            Assert.Equal(jobSpanId, s.ParentSpanId);
            Assert.Equal(topics.Events, s.GetTagItem("messaging.destination.name"));
        });

        // The worker: one process span per event, child of the span that sent it.
        var processed = workerSpans.Where(s => s.TraceId == traceId).ToList();
        Assert.Equal(3, processed.Count);
        Assert.All(processed, s =>
        {
            Assert.Equal(ActivityKind.Consumer, s.Kind);
            Assert.Equal($"process {topics.Events}", s.DisplayName);
            Assert.Equal("kafka", s.GetTagItem("messaging.system"));
            Assert.Equal(topics.Events, s.GetTagItem("messaging.destination.name"));
            Assert.Equal(topics.Group, s.GetTagItem("messaging.consumer.group.name"));
            Assert.NotNull(s.GetTagItem("messaging.destination.partition.id"));
            Assert.NotNull(s.GetTagItem("messaging.kafka.offset"));
        });
        foreach (var send in sends)
        {
            var span = Assert.Single(processed, s => s.ParentSpanId == send.SpanId);
            Assert.Equal(send.GetTagItem("messaging.message.id"), span.GetTagItem("messaging.message.id"));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
            Assert.True((int)span.GetTagItem("mlevents.mcp.count")! > 0);
        }
        var deadLettered = Assert.Single(processed, s => s.ParentSpanId == jobSpanId);
        Assert.Equal(ActivityStatusCode.Error, deadLettered.Status);
        Assert.Equal("deserialize", deadLettered.GetTagItem("mlevents.dead_letter.stage"));

        // The records: every MCP carries its event's process span as parent, and so does the dead-letter record.
        var mcps = kit.ReadAll(topics.Mcp);
        var expectedMcps = processed.Where(s => s.Status != ActivityStatusCode.Error).Sum(s => (int)s.GetTagItem("mlevents.mcp.count")!);
        Assert.Equal(expectedMcps, mcps.Count);
        var mcpSpanIds = mcps.Select(r => ParentOf(r, traceId)).Distinct().Order().ToList();
        Assert.Equal(processed.Where(s => s != deadLettered).Select(s => s.SpanId.ToHexString()).Order(), mcpSpanIds);
        var deadLetter = Assert.Single(kit.ReadAll(topics.DeadLetter));
        Assert.Equal(deadLettered.SpanId.ToHexString(), ParentOf(deadLetter, traceId));
        Assert.Single(deadLetter.Message.Headers, h => h.Key == "traceparent");
        output.WriteLine($"trace {traceId}: {sends.Count} send, {processed.Count} process spans, {mcps.Count} MCPs, 1 dead letter");
    }

    [Fact]
    public async Task With_tracing_off_the_events_trace_context_is_passed_on_to_its_MCPs_unchanged()
    {
        const string parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var topics = fixture.NewTopics();
        using (PublisherTracing.ContinueTrace(parent, "rojo=00f067aa0ba902b7"))
        await using (var publisher = MlEventsPublisher.Create(new MlEventsPublisherOptions
        {
            BootstrapServers = fixture.BootstrapServers,
            SchemaRegistry = new SchemaRegistryConfig { Url = fixture.Registry.Url },
            Topic = topics.Events,
            Platform = "mlflow",
        }))
        {
            await publisher.UpsertExperimentAsync("churn");
        }

        using var host = PipelineHost.Build(fixture.BootstrapServers, fixture.Registry.Url, topics, output);
        await host.StartAsync();
        var kit = new KafkaTestKit(fixture.BootstrapServers);
        await KafkaTestKit.WaitUntil(() => kit.CommittedTotal(topics.Group, topics.Events) == 1, TimeSpan.FromSeconds(30), "the input committed");
        await host.StopAsync();

        Assert.Null(host.Services.GetService(typeof(TracerProvider)));
        var mcps = kit.ReadAll(topics.Mcp);
        Assert.NotEmpty(mcps);
        Assert.All(mcps, r =>
        {
            Assert.Equal(parent, KafkaTestKit.Header(r, "traceparent"));
            Assert.Equal("rojo=00f067aa0ba902b7", KafkaTestKit.Header(r, "tracestate"));
        });
    }

    /// <summary>The parent span id of a record's traceparent, after checking it belongs to <paramref name="traceId"/>.</summary>
    private static string ParentOf(ConsumeResult<byte[]?, byte[]?> record, ActivityTraceId traceId)
    {
        var traceparent = KafkaTestKit.Header(record, "traceparent");
        Assert.NotNull(traceparent);
        Assert.True(ActivityContext.TryParse(traceparent, null, out var context), traceparent);
        Assert.Equal(traceId, context.TraceId);
        return context.SpanId.ToHexString();
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MlEvents.Client;
using MlEvents.Client.Tests.Support;
using MlEvents.Conversion;
using MlEvents.DataHub.Mcps;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.DevHost.Embedded;

namespace MlEvents.Client.Tests.EndToEnd;

public sealed class ThroughTheWorkerTests
{
    [Fact]
    public async Task The_guide_published_by_the_client_reaches_the_MCP_topic_as_DataHub_MCPs()
    {
        await using var environment = await EmbeddedEnvironment.StartAsync(new EmbeddedEnvironmentOptions { BrokerCount = 1, Partitions = 3 });
        using var worker = EmbeddedRun.BuildWorkerHost(new ConfigurationBuilder().Build(), environment, LogLevel.Warning);
        await worker.StartAsync();
        try
        {
            var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TestPublishers.GuideStart));
            var options = EmbeddedBackend.Options(environment.Cluster, environment.SchemaRegistryUrl, environment.Options.EventsTopic);
            options.EventIdFactory = TestPublishers.SequentialIds();
            await using (var publisher = MlEventsPublisher.Create(options, time))
            {
                await GuideScenario.PublishAsync(publisher, time);
            }

            var converter = new EventConverter(new ConversionOptions());
            var expected = GuideScenario.SampleEvents().SelectMany(converter.Convert).Select(Identity).Order().ToList();
            using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = environment.SchemaRegistryUrl });
            var received = await McpTopicReader.ReadAsync(environment.BootstrapServers, registry, environment.Options.McpTopic, expected.Count, TimeSpan.FromSeconds(30));

            Assert.NotEmpty(expected);
            Assert.Equal(expected, received.Select(r => Identity(r.Mcp)).Order());
            Assert.All(received, r => Assert.Equal(r.Mcp.EntityUrn, r.Key));
            Assert.Equal(0, McpTopicReader.Count(environment.BootstrapServers, environment.Options.DeadLetterTopic));
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    private static string Identity(MetadataChangeProposal mcp) => $"{mcp.EntityUrn} {mcp.AspectName} {mcp.ChangeType.ToSymbol()} {mcp.AspectJson}";
}

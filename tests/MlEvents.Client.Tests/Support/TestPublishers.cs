using Microsoft.Extensions.Time.Testing;
using MlEvents.Client;

namespace MlEvents.Client.Tests.Support;

internal static class TestPublishers
{
    public const long GuideStart = 1628580000000;

    public static MlEventsPublisherOptions Options(string platform = "mlflow") => new()
    {
        BootstrapServers = "127.0.0.1:9",
        SchemaRegistryUrl = "http://127.0.0.1:9",
        Platform = platform,
        Actor = "datahub",
        EventIdFactory = SequentialIds(),
    };

    /// <summary>Ids shaped like the sample's: 5f0c1a3e-0001-4000-8000-000000000001, ...</summary>
    public static Func<MlEvents.Contracts.MlEventPayload, string> SequentialIds()
    {
        var next = 0;
        return _ =>
        {
            var n = Interlocked.Increment(ref next);
            return $"5f0c1a3e-{n:0000}-4000-8000-{n:000000000000}";
        };
    }

    public static (MlEventsPublisher Publisher, RecordingSink Sink, FakeTimeProvider Time) InMemory(MlEventsPublisherOptions? options = null, ListLoggerProvider? logger = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(GuideStart));
        var sink = new RecordingSink();
        return (new MlEventsPublisher(options ?? Options(), sink, time, logger?.CreateLogger("test")), sink, time);
    }
}

using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace MlEvents.Integration.Tests.Worker;

// replaced by EmbeddedKafkaCluster when merged
/// <summary>librdkafka's in-process mock cluster (3 brokers) for the worker tests; lives as long as this object.</summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly IProducer<Null, Null> _host;

    public MockKafkaCluster()
    {
        var config = new ProducerConfig();
        config.Set("test.mock.num.brokers", "3");
        _host = new ProducerBuilder<Null, Null>(config)
            .SetLogHandler((_, _) => { })
            .Build();
        using var admin = new DependentAdminClientBuilder(_host.Handle).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        BootstrapServers = string.Join(",", metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"));
    }

    public string BootstrapServers { get; }

    /// <summary>Creates topics (4 partitions) the way the mock allows: a producer's metadata request auto-creates them.</summary>
    public void CreateTopics(params string[] topics)
    {
        using var admin = new DependentAdminClientBuilder(_host.Handle).Build();
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
            if (metadata.Topics.Single().Partitions.Count == 0)
            {
                throw new InvalidOperationException($"mock topic {topic} was not created: {metadata.Topics.Single().Error}");
            }
        }
    }

    /// <summary>Takes every broker down (connections dropped and refused) or brings them back, via librdkafka's mock C API.</summary>
    public void SetAllBrokersDown(bool down)
    {
        var library = NativeLibrary.Load(LoadedLibrdkafkaPath());
        var mockCluster = Marshal.GetDelegateForFunctionPointer<HandleMockCluster>(NativeLibrary.GetExport(library, "rd_kafka_handle_mock_cluster"));
        var setState = Marshal.GetDelegateForFunctionPointer<SetBrokerState>(
            NativeLibrary.GetExport(library, down ? "rd_kafka_mock_broker_set_down" : "rd_kafka_mock_broker_set_up"));
        var kafkaHandle = (SafeHandle)_host.Handle.GetType().GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(_host.Handle)!;
        var cluster = mockCluster(kafkaHandle.DangerousGetHandle());
        for (var broker = 1; broker <= 3; broker++)
        {
            var error = setState(cluster, broker);
            if (error != 0)
            {
                throw new InvalidOperationException($"mock broker {broker} state change failed: {error}");
            }
        }
    }

    public void Dispose() => _host.Dispose();

    // The native file Confluent.Kafka loaded (on Debian 12 its centos8 fallback build): the same copy owns the mock cluster.
    private static string LoadedLibrdkafkaPath() =>
        File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].Contains("librdkafka", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .First();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr HandleMockCluster(IntPtr kafkaHandle);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SetBrokerState(IntPtr mockCluster, int brokerId);
}

using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace MlEvents.Embedded;

/// <summary>
/// The mock-cluster C API of librdkafka (rdkafka_mock.h), bound to exports of the image Confluent.Kafka uses.
/// The variadic <c>rd_kafka_mock_push_request_errors</c> cannot be called portably from .NET; its
/// array twin <c>rd_kafka_mock_push_request_errors_array</c> is used instead.
/// </summary>
internal sealed class MockClusterNative
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr HandleMockClusterFn(IntPtr rk);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate ErrorCode TopicCreateFn(
        IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitionCount, int replicationFactor);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate ErrorCode BrokerFn(IntPtr mcluster, int brokerId);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate ErrorCode BrokerSetRttFn(IntPtr mcluster, int brokerId, int rttMs);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void PushRequestErrorsArrayFn(IntPtr mcluster, short apiKey, nuint count, int[] errors);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void ClearRequestErrorsFn(IntPtr mcluster, short apiKey);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate ErrorCode PartitionSetLeaderFn(
        IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partition, int brokerId);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void ClusterMillisecondsFn(IntPtr mcluster, int milliseconds);

    private readonly HandleMockClusterFn handleMockCluster;
    private readonly TopicCreateFn topicCreate;
    private readonly BrokerFn brokerSetDown;
    private readonly BrokerFn brokerSetUp;
    private readonly BrokerSetRttFn brokerSetRtt;
    private readonly PushRequestErrorsArrayFn pushRequestErrorsArray;
    private readonly ClearRequestErrorsFn clearRequestErrors;
    private readonly PartitionSetLeaderFn partitionSetLeader;
    private readonly ClusterMillisecondsFn initialRebalanceDelay;
    private readonly ClusterMillisecondsFn consumerGroupHeartbeatInterval;
    private readonly ClusterMillisecondsFn consumerGroupSessionTimeout;

    private MockClusterNative(IntPtr library)
    {
        handleMockCluster = Bind<HandleMockClusterFn>(library, "rd_kafka_handle_mock_cluster");
        topicCreate = Bind<TopicCreateFn>(library, "rd_kafka_mock_topic_create");
        brokerSetDown = Bind<BrokerFn>(library, "rd_kafka_mock_broker_set_down");
        brokerSetUp = Bind<BrokerFn>(library, "rd_kafka_mock_broker_set_up");
        brokerSetRtt = Bind<BrokerSetRttFn>(library, "rd_kafka_mock_broker_set_rtt");
        pushRequestErrorsArray = Bind<PushRequestErrorsArrayFn>(library, "rd_kafka_mock_push_request_errors_array");
        clearRequestErrors = Bind<ClearRequestErrorsFn>(library, "rd_kafka_mock_clear_request_errors");
        partitionSetLeader = Bind<PartitionSetLeaderFn>(library, "rd_kafka_mock_partition_set_leader");
        initialRebalanceDelay = Bind<ClusterMillisecondsFn>(library, "rd_kafka_mock_group_initial_rebalance_delay_ms");
        consumerGroupHeartbeatInterval =
            Bind<ClusterMillisecondsFn>(library, "rd_kafka_mock_set_group_consumer_heartbeat_interval_ms");
        consumerGroupSessionTimeout =
            Bind<ClusterMillisecondsFn>(library, "rd_kafka_mock_set_group_consumer_session_timeout_ms");
    }

    private static readonly Lazy<MockClusterNative> Shared = new(() => new MockClusterNative(LoadedLibrdkafka.Resolve()));

    /// <summary>Binds on first use; call only after Confluent.Kafka has created a client.</summary>
    public static MockClusterNative Instance => Shared.Value;

    public IntPtr MockClusterOf(IntPtr rk) => handleMockCluster(rk);

    public ErrorCode CreateTopic(IntPtr mcluster, string topic, int partitions, int replicationFactor) =>
        topicCreate(mcluster, topic, partitions, replicationFactor);

    public ErrorCode SetBrokerDown(IntPtr mcluster, int brokerId) => brokerSetDown(mcluster, brokerId);

    public ErrorCode SetBrokerUp(IntPtr mcluster, int brokerId) => brokerSetUp(mcluster, brokerId);

    public ErrorCode SetBrokerRtt(IntPtr mcluster, int brokerId, int rttMs) => brokerSetRtt(mcluster, brokerId, rttMs);

    public void PushRequestErrors(IntPtr mcluster, short apiKey, ErrorCode[] errors) =>
        pushRequestErrorsArray(mcluster, apiKey, (nuint)errors.Length, Array.ConvertAll(errors, e => (int)e));

    public void ClearRequestErrors(IntPtr mcluster, short apiKey) => clearRequestErrors(mcluster, apiKey);

    public ErrorCode SetPartitionLeader(IntPtr mcluster, string topic, int partition, int brokerId) =>
        partitionSetLeader(mcluster, topic, partition, brokerId);

    public void SetInitialRebalanceDelay(IntPtr mcluster, int delayMs) => initialRebalanceDelay(mcluster, delayMs);

    public void SetConsumerGroupHeartbeatInterval(IntPtr mcluster, int intervalMs) =>
        consumerGroupHeartbeatInterval(mcluster, intervalMs);

    public void SetConsumerGroupSessionTimeout(IntPtr mcluster, int timeoutMs) =>
        consumerGroupSessionTimeout(mcluster, timeoutMs);

    private static T Bind<T>(IntPtr library, string export) where T : Delegate =>
        NativeLibrary.TryGetExport(library, export, out var address)
            ? Marshal.GetDelegateForFunctionPointer<T>(address)
            : throw new EntryPointNotFoundException(
                $"librdkafka {Library.VersionString} does not export {export}; the mock cluster API changed.");
}

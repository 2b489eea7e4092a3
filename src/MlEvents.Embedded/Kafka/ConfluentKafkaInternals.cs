using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace MlEvents.Embedded;

/// <summary>
/// The only place that reaches into Confluent.Kafka's non-public members (tested against 2.16.0).
/// If a Confluent.Kafka upgrade renames them, every member here fails with one clear message.
/// </summary>
internal static class ConfluentKafkaInternals
{
    private const BindingFlags NonPublicInstance = BindingFlags.Instance | BindingFlags.NonPublic;
    private const BindingFlags NonPublicStatic = BindingFlags.Static | BindingFlags.NonPublic;

    /// <summary>The native <c>rd_kafka_t*</c> behind a client handle.</summary>
    public static SafeHandle NativeClientHandle(Handle handle)
    {
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", NonPublicInstance)
            ?? throw Changed("property Handle.LibrdkafkaHandle");
        return property.GetValue(handle) as SafeHandle
            ?? throw Changed("Handle.LibrdkafkaHandle is not a SafeHandle");
    }

    /// <summary>
    /// The library name of the DllImport set Confluent.Kafka bound at initialisation
    /// (e.g. <c>librdkafka</c>, or <c>centos8-librdkafka</c> when the default build cannot load).
    /// Only meaningful after the first client has been created.
    /// </summary>
    public static string BoundNativeLibraryName()
    {
        var bindings = typeof(Handle).Assembly.GetType("Confluent.Kafka.Impl.Librdkafka")
            ?? throw Changed("type Confluent.Kafka.Impl.Librdkafka");
        var versionField = bindings.GetField("_version", NonPublicStatic)
            ?? throw Changed("field Librdkafka._version");
        var versionDelegate = versionField.GetValue(null) as Delegate
            ?? throw new InvalidOperationException("Confluent.Kafka has not loaded librdkafka yet.");
        var dllImport = versionDelegate.Method.GetCustomAttribute<DllImportAttribute>()
            ?? throw Changed($"{versionDelegate.Method.DeclaringType}.{versionDelegate.Method.Name} has no DllImport");
        return dllImport.Value;
    }

    private static InvalidOperationException Changed(string what) => new(
        $"Confluent.Kafka {typeof(Handle).Assembly.GetName().Version} internals changed ({what} not found); " +
        "EmbeddedKafkaCluster was written against Confluent.Kafka 2.16.0 and needs updating.");
}

using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace MlEvents.Embedded;

/// <summary>
/// Resolves the very native librdkafka image that Confluent.Kafka bound to. The mock-cluster functions must
/// come from that image: a second copy of the library would not know the first copy's client and cluster.
/// </summary>
internal static class LoadedLibrdkafka
{
    public static IntPtr Resolve()
    {
        var libraryName = ConfluentKafkaInternals.BoundNativeLibraryName();
        var mappedBefore = MappedLibrdkafkaFiles();

        // Same probing as a DllImport declared in Confluent.Kafka (deps.json native assets, resolvers),
        // so this returns a new reference to the already loaded image.
        var handle = NativeLibrary.Load(libraryName, typeof(Handle).Assembly, searchPath: null);

        var newlyMapped = MappedLibrdkafkaFiles().Except(mappedBefore).ToList();
        if (newlyMapped.Count > 0)
        {
            throw new InvalidOperationException(
                $"Resolving '{libraryName}' loaded another librdkafka copy ({string.Join(", ", newlyMapped)}) " +
                $"instead of the one Confluent.Kafka uses ({string.Join(", ", mappedBefore)}).");
        }
        return handle;
    }

    /// <summary>Files of the process that look like librdkafka (Linux only; empty elsewhere).</summary>
    private static HashSet<string> MappedLibrdkafkaFiles()
    {
        const string maps = "/proc/self/maps";
        if (!OperatingSystem.IsLinux() || !File.Exists(maps))
        {
            return [];
        }
        return File.ReadLines(maps)
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6)
            .Select(fields => fields[5].Trim())
            .Where(path => path.Contains("rdkafka", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
    }
}

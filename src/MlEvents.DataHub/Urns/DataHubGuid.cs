using System.Security.Cryptography;
using System.Text;

namespace MlEvents.DataHub.Urns;

/// <summary>
/// DataHub's <c>datahub_guid</c> / <c>DatahubKey.guid()</c>: lowercase hex MD5 of the key object
/// serialised as <c>json.dumps(obj, separators=(",", ":"), sort_keys=True)</c>, None values left out.
/// </summary>
public static class DataHubGuid
{
    /// <summary>Guid of a flat key object; entries whose value is null are omitted, as Python drops None.</summary>
    public static string Compute(IEnumerable<KeyValuePair<string, string?>> keyObject)
    {
        ArgumentNullException.ThrowIfNull(keyObject);
        var json = KeyJson(keyObject);
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(json));
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Guid of a flat key object given as (name, value) pairs.</summary>
    public static string Compute(params (string Key, string? Value)[] keyObject)
    {
        ArgumentNullException.ThrowIfNull(keyObject);
        if (HasDuplicateKeys(keyObject))
        {
            return Compute(keyObject.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)));
        }

        // Hot path (run / experiment / version-set URNs of every event): the same JSON as KeyJson, written as
        // ASCII bytes straight into a stack buffer and hashed there; no LINQ, StringBuilder or intermediate string.
        var length = PythonJson.SortedCompactAsciiLength(keyObject);
        byte[]? rented = null;
        var buffer = length <= 512 ? stackalloc byte[length] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            PythonJson.WriteSortedCompactAscii(keyObject, buffer);
            Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
            MD5.HashData(buffer, hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool HasDuplicateKeys((string Key, string? Value)[] keyObject)
    {
        for (var i = 1; i < keyObject.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(keyObject[i].Key, keyObject[j].Key, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The exact string that is hashed (Python's compact, sorted, ASCII-escaped JSON).</summary>
    public static string KeyJson(IEnumerable<KeyValuePair<string, string?>> keyObject) =>
        PythonJson.DumpsSortedCompact(keyObject);

    /// <summary>MLflow run → DPI id: <c>{"id": runId, "orchestrator": orchestrator[, "cluster": cluster]}</c>.</summary>
    public static string ForRun(string runId, string orchestrator, string? cluster = null) =>
        Compute(("id", runId), ("orchestrator", orchestrator), ("cluster", cluster));

    /// <summary>Experiment container (<c>ExperimentKey</c>): <c>{"id": name, "platform": platform urn}</c>.</summary>
    public static string ForExperimentContainer(string experimentName, string platformUrn) =>
        Compute(("id", experimentName), ("platform", platformUrn));

    /// <summary>MLflow version-set id: <c>{"name": registered model name, "platform": bare platform name}</c>.</summary>
    public static string ForVersionSet(string registeredModelName, string platformName) =>
        Compute(("name", registeredModelName), ("platform", platformName));

    /// <summary>MLflow user platform resource: <c>{"platform": bare platform name, "user": user id}</c>.</summary>
    public static string ForPlatformUser(string platformName, string userId) =>
        Compute(("platform", platformName), ("user", userId));
}

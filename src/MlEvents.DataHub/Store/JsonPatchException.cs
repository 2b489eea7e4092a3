namespace MlEvents.DataHub.Store;

/// <summary>A patch DataHub would reject (bad path, missing target, unsupported aspect/change type).</summary>
public sealed class JsonPatchException(string message) : Exception(message);

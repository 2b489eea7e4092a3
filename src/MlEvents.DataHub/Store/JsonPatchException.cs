namespace MlEvents.DataHub.Store;

/// <summary>A patch DataHub would reject (bad path, missing target, unsupported aspect/change type).</summary>
public sealed class JsonPatchException(string message, RefusalKind kind = RefusalKind.Unsupported) : Exception(message)
{
    /// <summary>Which of GMS's exceptions the refusal corresponds to (decides the HTTP status GMS answers with).</summary>
    public RefusalKind Kind { get; } = kind;
}

/// <summary>The kind of exception GMS raises for a refused MCP.</summary>
public enum RefusalKind
{
    /// <summary>
    /// <c>UnsupportedOperationException</c> or another runtime failure while building or patching the aspect
    /// (PATCH on an aspect without a template, no default to patch, a path that does not exist, PATCH of a timeseries aspect).
    /// </summary>
    Unsupported,

    /// <summary><c>ValidationException</c>: the resulting aspect lacks a field the PDL requires.</summary>
    RequiredFieldsMissing,

    /// <summary><c>IllegalArgumentException</c>: the aspect or patch body cannot be read (not JSON, not an object, not a JSON Patch).</summary>
    UnreadablePayload,
}

namespace MlEvents.Client;

/// <summary>
/// An MLflow model stage. Use the constants (<see cref="None"/>, <see cref="Staging"/>, <see cref="Production"/>,
/// <see cref="Archived"/>); any other name must be asked for with <see cref="Custom"/>. DataHub tags the version
/// <c>mlflow_&lt;stage lower-cased&gt;</c> and removes the tags of the other stages.
/// </summary>
public readonly record struct ModelStage
{
    private static readonly string[] MlflowStages = ["None", "Staging", "Production", "Archived"];
    private readonly string? _name;

    private ModelStage(string name) => _name = name;

    /// <summary>MLflow's stage of a version in no stage.</summary>
    public static ModelStage None { get; } = new("None");

    /// <summary>MLflow's Staging stage.</summary>
    public static ModelStage Staging { get; } = new("Staging");

    /// <summary>MLflow's Production stage.</summary>
    public static ModelStage Production { get; } = new("Production");

    /// <summary>MLflow's Archived stage.</summary>
    public static ModelStage Archived { get; } = new("Archived");

    /// <summary>The stage's name as published (default: <c>None</c>).</summary>
    public string Name => _name ?? "None";

    /// <summary>True for the four MLflow stages.</summary>
    public bool IsMlflowStage => MlflowStages.Contains(Name, StringComparer.Ordinal);

    /// <summary>
    /// A stage that is not one of MLflow's, on purpose (e.g. a platform with its own stages). It becomes the tag
    /// <c>mlflow_&lt;name lower-cased&gt;</c>. A name that is one of MLflow's stages in any casing gives that stage.
    /// </summary>
    /// <exception cref="ArgumentException">The name is blank.</exception>
    public static ModelStage Custom(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return MlflowStages.FirstOrDefault(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase)) is { } known ? new(known) : new(name);
    }

    /// <summary>One of MLflow's stage names, in any casing (e.g. from configuration or MLflow's API).</summary>
    /// <exception cref="ArgumentException">The name is not an MLflow stage; use <see cref="Custom"/> for other stages.</exception>
    public static ModelStage Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return MlflowStages.FirstOrDefault(s => string.Equals(s, name.Trim(), StringComparison.OrdinalIgnoreCase)) is { } known
            ? new(known)
            : throw new ArgumentException($"'{name}' is not an MLflow stage ({string.Join(", ", MlflowStages)}); use ModelStage.Custom(\"{name}\") for a stage of your own.", nameof(name));
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

namespace MlEvents.DataHub.Mcps;

/// <summary><c>com.linkedin.events.metadata.ChangeType</c>; symbols via <see cref="ChangeTypes"/>.</summary>
public enum ChangeType
{
    Upsert,
    Create,
    Update,
    Delete,
    Patch,
    Restate,
    CreateEntity,
}

/// <summary>Conversion between <see cref="ChangeType"/> and DataHub's enum symbols.</summary>
public static class ChangeTypes
{
    public static string ToSymbol(this ChangeType changeType) => changeType switch
    {
        ChangeType.Upsert => "UPSERT",
        ChangeType.Create => "CREATE",
        ChangeType.Update => "UPDATE",
        ChangeType.Delete => "DELETE",
        ChangeType.Patch => "PATCH",
        ChangeType.Restate => "RESTATE",
        ChangeType.CreateEntity => "CREATE_ENTITY",
        _ => throw new ArgumentOutOfRangeException(nameof(changeType), changeType, null),
    };

    public static ChangeType Parse(string symbol) => symbol switch
    {
        "UPSERT" => ChangeType.Upsert,
        "CREATE" => ChangeType.Create,
        "UPDATE" => ChangeType.Update,
        "DELETE" => ChangeType.Delete,
        "PATCH" => ChangeType.Patch,
        "RESTATE" => ChangeType.Restate,
        "CREATE_ENTITY" => ChangeType.CreateEntity,
        _ => throw new FormatException($"Unknown DataHub ChangeType symbol '{symbol}'."),
    };
}

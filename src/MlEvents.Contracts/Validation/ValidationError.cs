namespace MlEvents.Contracts;

/// <summary>One broken rule: <see cref="Field"/> is a path such as <c>payload.inputDatasets[1].name</c>.</summary>
public sealed record ValidationError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}

namespace MlEvents.Contracts;

/// <summary>An event broke one or more rules of <see cref="MlEventValidator"/>; the message lists them all.</summary>
public sealed class EventValidationException : Exception
{
    public EventValidationException(IReadOnlyList<ValidationError> errors)
        : base("Invalid event: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ValidationError> Errors { get; }
}

namespace MlEvents.Conversion;

/// <summary>
/// A valid event that the converter still cannot turn into DataHub metadata (e.g. a URN longer than DataHub accepts).
/// <see cref="Field"/> is a path of the event's JSON form, as in <c>ValidationError</c>.
/// </summary>
public sealed class ConversionException : Exception
{
    public ConversionException(string field, string reason)
        : base($"{field}: {reason}")
    {
        Field = field;
        Reason = reason;
    }

    public string Field { get; }

    public string Reason { get; }
}

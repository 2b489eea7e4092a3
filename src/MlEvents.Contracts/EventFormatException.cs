namespace MlEvents.Contracts;

/// <summary>
/// An event could not be read (JSON or Avro): <see cref="Field"/> is the path of the offending field
/// (e.g. <c>payload.inputDatasets[1].name</c>, or <c>$</c> for the whole document), <see cref="Reason"/> says why.
/// </summary>
public sealed class EventFormatException : Exception
{
    public EventFormatException(string field, string reason, Exception? innerException = null)
        : base($"{field}: {reason}", innerException)
    {
        Field = field;
        Reason = reason;
    }

    public string Field { get; }
    public string Reason { get; }
}

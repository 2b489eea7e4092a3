namespace MlEvents.Worker.Sink;

/// <summary>GMS refused the proposals of an event (a 4xx naming them); the dead-letter record's exception header names this type.</summary>
public sealed class GmsRefusedException : Exception
{
    /// <summary>The <c>mlevents.error.stage</c> of events whose MCPs GMS refused.</summary>
    public const string Stage = "gms";

    public GmsRefusedException()
    {
    }

    public GmsRefusedException(string message)
        : base(message)
    {
    }

    public GmsRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GmsRefusedException(int status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>GMS's HTTP status (e.g. 422).</summary>
    public int Status { get; }
}

namespace MlEvents.Embedded;

/// <summary>One broker of the mock cluster, as its metadata reports it.</summary>
public sealed record MockBroker(int Id, string Host, int Port)
{
    public string Address => $"{Host}:{Port}";
}

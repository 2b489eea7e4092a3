namespace MlEvents.Worker.Startup;

/// <summary>
/// A check run once before the worker starts consuming. Register any number (<c>services.AddSingleton&lt;IStartupCheck, MyCheck&gt;()</c>);
/// all run, and every failure is reported together.
/// </summary>
public interface IStartupCheck
{
    /// <summary>Short name shown in the failure report, e.g. "Kafka" or "Schema Registry".</summary>
    string Name { get; }

    /// <summary>Throw <see cref="StartupCheckException"/> with an actionable message when the dependency is not usable.</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}

namespace MlEvents.Reliability.Tests.Crash;

/// <summary>Tests that start worker processes run one at a time: two cores are shared with everything else.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashCollection
{
    public const string Name = "worker processes";
}

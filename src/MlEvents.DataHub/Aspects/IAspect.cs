using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>A DataHub aspect: knows its aspect name and its source-generated JSON contract.</summary>
public interface IAspect<TSelf> where TSelf : IAspect<TSelf>
{
    /// <summary>The aspect name as registered in DataHub's entity registry (e.g. <c>mlModelProperties</c>).</summary>
    static abstract string AspectName { get; }

    /// <summary>Source-generated serialisation contract (Pegasus JSON conventions).</summary>
    static abstract JsonTypeInfo<TSelf> JsonTypeInfo { get; }

    /// <summary>True for timeseries aspects (UPSERT only, one value per timestampMillis).</summary>
    static virtual bool IsTimeseries => false;
}

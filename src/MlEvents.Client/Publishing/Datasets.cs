using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>Shorthand for <see cref="DatasetRef"/>s.</summary>
public static class Datasets
{
    /// <summary>A dataset by DataHub platform and name: <c>Datasets.Of("s3", "my-bucket/train.csv")</c>.</summary>
    public static DatasetRef Of(string platform, string name, string? environment = null, string? platformInstance = null) =>
        new() { Platform = platform, Name = name, Environment = environment, PlatformInstance = platformInstance };
}

using Confluent.Kafka;

namespace MlEvents.SchemaRegistry;

/// <summary>Computes the subject for a message (Confluent <c>SubjectNameStrategyDelegate</c>); recordType is the record's full name.</summary>
public delegate string SubjectNameStrategyDelegate(SerializationContext context, string? recordType);

/// <summary>Confluent's built-in subject name strategies.</summary>
public enum SubjectNameStrategy
{
    /// <summary>"{topic}-value" / "{topic}-key" (default).</summary>
    Topic,
    /// <summary>The record's full name.</summary>
    Record,
    /// <summary>"{topic}-{record full name}".</summary>
    TopicRecord,
}

public static class SubjectNameStrategyExtensions
{
    public static SubjectNameStrategyDelegate ToDelegate(this SubjectNameStrategy strategy) => strategy switch
    {
        SubjectNameStrategy.Topic => (context, _) =>
            $"{context.Topic}{(context.Component == MessageComponentType.Key ? "-key" : "-value")}",
        SubjectNameStrategy.Record => (_, recordType) =>
            recordType ?? throw new ArgumentNullException(nameof(recordType), "The Record subject name strategy needs a record type."),
        SubjectNameStrategy.TopicRecord => (context, recordType) =>
            $"{context.Topic}-{recordType ?? throw new ArgumentNullException(nameof(recordType), "The TopicRecord subject name strategy needs a record type.")}",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy)),
    };
}

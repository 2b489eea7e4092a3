// TEMPORARY stand-in for the conversion branch's API so that the pipeline branch compiles; deleted when `conversion` is merged.
using MlEvents.Contracts;
using MlEvents.DataHub.Mcps;

namespace MlEvents.Conversion;

public enum WriteMode { Patch, Upsert }

public enum UrnStyle { Guid, Readable }

public sealed record ConversionOptions
{
    public const string SectionName = "Conversion";
    public WriteMode WriteMode { get; init; }
    public UrnStyle UrnStyle { get; init; }
}

public sealed class ConversionException(string message) : Exception(message);

public sealed class EventConverter(ConversionOptions options)
{
    public ConversionOptions Options { get; } = options;

    public IReadOnlyList<MetadataChangeProposal> Convert(MlEvent mlEvent)
    {
        MlEventValidator.ThrowIfInvalid(mlEvent);
        throw new ConversionException("conversion branch not merged yet");
    }
}

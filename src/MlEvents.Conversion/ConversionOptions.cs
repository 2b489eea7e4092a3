using MlEvents.Contracts;

namespace MlEvents.Conversion;

/// <summary>
/// Settings of <see cref="EventConverter"/>, bound from the configuration section <see cref="SectionName"/>.
/// Pure data: the defaults work with every DataHub from v1.0.0 and match its MLflow source.
/// </summary>
public sealed record ConversionOptions
{
    public const string SectionName = "Conversion";

    /// <summary>The actor of MCP stamps when an event names none (DataHub's own default actor).</summary>
    public const string DataHubActor = "urn:li:corpuser:datahub";

    /// <summary>Longest accepted <see cref="ModelVersionSeparator"/>.</summary>
    public const int MaxSeparatorLength = 16;

    /// <summary>Standard (default, any DataHub from v1.0.0) or GenericPatch (opt-in, needs generic PATCH on template-less aspects).</summary>
    public WriteMode WriteMode { get; init; } = WriteMode.Standard;

    /// <summary>Guid (default, MLflow-source compatible) or readable ids for experiments, runs and version sets.</summary>
    public UrnStyle UrnStyle { get; init; } = UrnStyle.Guid;

    /// <summary>mlModel URN name = &lt;modelName&gt;&lt;separator&gt;&lt;version&gt; (DataHub's MLflow source default "_").</summary>
    public string ModelVersionSeparator { get; init; } = "_";

    /// <summary>Actor URN used when an event carries no actor.</summary>
    public string DefaultActor { get; init; } = DataHubActor;

    /// <summary>Every problem with these settings (empty when usable); fields are the property names.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (!Enum.IsDefined(WriteMode))
        {
            errors.Add(new(nameof(WriteMode), $"{(int)WriteMode} is not one of {string.Join(", ", Enum.GetNames<WriteMode>())}"));
        }

        if (!Enum.IsDefined(UrnStyle))
        {
            errors.Add(new(nameof(UrnStyle), $"{(int)UrnStyle} is not one of {string.Join(", ", Enum.GetNames<UrnStyle>())}"));
        }

        if (ModelVersionSeparator is null)
        {
            errors.Add(new(nameof(ModelVersionSeparator), "is required (DataHub's MLflow source uses \"_\")"));
        }
        else if (ModelVersionSeparator.Length > MaxSeparatorLength)
        {
            errors.Add(new(nameof(ModelVersionSeparator), $"is {ModelVersionSeparator.Length} characters long, more than {MaxSeparatorLength}"));
        }
        else if (ModelVersionSeparator.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is ',' or '(' or ')'))
        {
            errors.Add(new(nameof(ModelVersionSeparator), $"'{ModelVersionSeparator}' must not contain whitespace, control characters or the URN-reserved characters , ( )"));
        }

        if (string.IsNullOrWhiteSpace(DefaultActor) || !DefaultActor.StartsWith("urn:li:", StringComparison.Ordinal) ||
            DefaultActor.Length <= "urn:li:".Length || DefaultActor.Any(char.IsControl))
        {
            errors.Add(new(nameof(DefaultActor), $"'{DefaultActor}' is not a DataHub URN such as {DataHubActor}"));
        }

        return errors;
    }

    /// <exception cref="ArgumentException">The settings are not usable; the message lists every problem.</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid {SectionName} options: {string.Join("; ", errors)}");
        }
    }
}

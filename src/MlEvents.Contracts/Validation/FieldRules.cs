using MlEvents.Contracts.Validation;

namespace MlEvents.Contracts;

/// <summary>
/// The rules of <see cref="MlEventValidator"/> for one value at a time, so that a client can refuse a value where it
/// enters (a metric name, a param, a dataset) instead of failing the whole event later. Each method returns every broken
/// rule, with field paths under the given field; empty when the value is valid.
/// </summary>
public static class FieldRules
{
    /// <summary>One entry of a string map (params, custom properties): key length and characters, value size.</summary>
    public static IReadOnlyList<ValidationError> MapEntry(string field, string key, string value)
    {
        var v = new ValidationCollector();
        v.Properties(field, new Dictionary<string, string>(StringComparer.Ordinal) { [key] = value });
        return v.Errors;
    }

    /// <summary>One metric: name length and characters, finite value.</summary>
    public static IReadOnlyList<ValidationError> Metric(string field, string name, double value)
    {
        var v = new ValidationCollector();
        v.Metrics(field, new Dictionary<string, double>(StringComparer.Ordinal) { [name] = value });
        return v.Errors;
    }

    /// <summary>A required name (tag, alias, stage, dataset name): not blank, length, characters.</summary>
    public static IReadOnlyList<ValidationError> Name(string field, string? value)
    {
        var v = new ValidationCollector();
        v.RequiredName(field, value);
        return v.Errors;
    }

    /// <summary>An absolute URL with a scheme, within the length limit.</summary>
    public static IReadOnlyList<ValidationError> Url(string field, string value)
    {
        var v = new ValidationCollector();
        v.Url(field, value);
        return v.Errors;
    }

    /// <summary>An epoch-milliseconds time in the accepted range.</summary>
    public static IReadOnlyList<ValidationError> Timestamp(string field, long value)
    {
        var v = new ValidationCollector();
        v.Timestamp(field, value);
        return v.Errors;
    }

    /// <summary>A dataset reference: platform name, dataset name, environment, platform instance.</summary>
    public static IReadOnlyList<ValidationError> Dataset(string field, DatasetRef dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var v = new ValidationCollector();
        v.Platform(field + ".platform", dataset.Platform);
        v.RequiredName(field + ".name", dataset.Name);
        v.Environment(field + ".environment", dataset.Environment, required: false);
        v.OptionalId(field + ".platformInstance", dataset.PlatformInstance);
        return v.Errors;
    }
}

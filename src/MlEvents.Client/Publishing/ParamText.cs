using System.Globalization;
using System.Xml;

namespace MlEvents.Client;

/// <summary>How a param value becomes the text MLflow and DataHub store: culture-independent, dates in ISO 8601.</summary>
internal static class ParamText
{
    public static string Of(object value) => value switch
    {
        string s => s,
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("O", CultureInfo.InvariantCulture),
        TimeSpan t => XmlConvert.ToString(t),
        bool b => b ? "True" : "False", // what MLflow's Python client writes
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

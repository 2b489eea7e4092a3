using MlEvents.Conversion.Tests.Conversion;

namespace MlEvents.Conversion.Tests.DataHub.Pdl;

/// <summary>
/// DataHub's PDL declarations saved in schemas/datahub/pdl (provenance in its PROVENANCE.md), plus the fields newer
/// DataHub versions have that the saved files lack (listed in PROVENANCE.md, "Known gaps").
/// </summary>
internal sealed class PdlSchemas
{
    private static readonly Lazy<PdlSchemas> Saved = new(() => Load(Path.Combine(Samples.RepositoryRoot, "schemas", "datahub", "pdl")));

    // Short record name → field → type; all optional. Mirrors PROVENANCE.md's "Known gaps".
    private static readonly Dictionary<string, Dictionary<string, PdlType>> NewerFields = new(StringComparer.Ordinal)
    {
        ["VersionProperties"] = new() { ["versioningScheme"] = new PdlEnumLiteral(["LEXICOGRAPHIC_STRING", "ALPHANUMERIC_GENERATED_BY_DATAHUB"]) },
        ["DataProcessInstanceInput"] = new() { ["inputEdges"] = new PdlArray(new PdlReference("Edge")) },
        ["DataProcessInstanceRunEvent"] = new() { ["durationMillis"] = new PdlPrimitive("long") },
        ["MLModelProperties"] = new()
        {
            ["name"] = new PdlPrimitive("string"),
            ["created"] = new PdlReference("TimeStamp"),
            ["lastModified"] = new PdlReference("TimeStamp"),
        },
        ["DatasetProperties"] = new() { ["created"] = new PdlReference("TimeStamp"), ["lastModified"] = new PdlReference("TimeStamp") },
    };

    private readonly Dictionary<string, PdlDeclaration> _declarations;

    private PdlSchemas(Dictionary<string, PdlDeclaration> declarations, Dictionary<string, string> aspects, int files)
    {
        _declarations = declarations;
        AspectRecords = aspects;
        FileCount = files;
    }

    public static PdlSchemas Default => Saved.Value;

    /// <summary>Aspect name (e.g. <c>mlModelProperties</c>) → record name (<c>MLModelProperties</c>).</summary>
    public IReadOnlyDictionary<string, string> AspectRecords { get; }

    public int FileCount { get; }

    public static PdlSchemas Load(string directory)
    {
        var declarations = new Dictionary<string, PdlDeclaration>(StringComparer.Ordinal);
        var aspects = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = Directory.GetFiles(directory, "*.pdl", SearchOption.AllDirectories);
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var uncommented = PdlText.Uncomment(File.ReadAllText(file));
            foreach (var (aspect, record) in PdlText.AspectDeclarations(uncommented))
            {
                aspects[aspect] = record;
            }

            try
            {
                new PdlParser([.. PdlText.Tokens(PdlText.StripAnnotations(uncommented))], declarations).ParseFile();
            }
            catch (FormatException e)
            {
                throw new FormatException($"{Path.GetRelativePath(directory, file)}: {e.Message}", e);
            }
        }

        return new PdlSchemas(declarations, aspects, files.Length);
    }

    /// <summary>Follows references and typerefs; null when the type is not among the saved PDLs (then it cannot be judged).</summary>
    public (PdlDeclaration? Declaration, PdlType? Type, string Name) Resolve(PdlType type)
    {
        while (type is PdlReference reference)
        {
            if (!_declarations.TryGetValue(reference.Name, out var declaration) &&
                !_declarations.TryGetValue(reference.Name.Split('.')[^1], out declaration))
            {
                return (null, null, reference.Name);
            }

            if (declaration is PdlTyperef typeref)
            {
                type = typeref.Target;
                continue;
            }

            return (declaration, null, reference.Name);
        }

        return (null, type, "");
    }

    /// <summary>A record's fields with those of its <c>includes</c> and the newer fields PROVENANCE.md lists.</summary>
    public IReadOnlyDictionary<string, PdlField> FieldsOf(PdlRecord record, string name)
    {
        var fields = new Dictionary<string, PdlField>(record.Fields, StringComparer.Ordinal);
        foreach (var include in record.Includes)
        {
            if (Resolve(new PdlReference(include)).Declaration is PdlRecord included)
            {
                foreach (var (field, type) in FieldsOf(included, include)) fields[field] = type;
            }
        }

        if (NewerFields.TryGetValue(name.Split('.')[^1], out var newer))
        {
            foreach (var (field, type) in newer) fields[field] = new PdlField(type, Optional: true);
        }

        return fields;
    }
}

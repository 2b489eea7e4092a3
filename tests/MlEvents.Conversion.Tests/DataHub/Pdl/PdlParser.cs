namespace MlEvents.Conversion.Tests.DataHub.Pdl;

/// <summary>
/// Reads the declarations of one PDL file (records with includes, optional fields and defaults, enums, typerefs, fixed,
/// inline named types, arrays, maps and aliased or plain unions) into <paramref name="declarations"/>, keyed by full
/// and by short name.
/// </summary>
internal sealed class PdlParser(IReadOnlyList<(bool IsString, string Text)> tokens, Dictionary<string, PdlDeclaration> declarations)
{
    private static readonly HashSet<string> NamedKinds = ["record", "enum", "typeref", "fixed"];
    private int _index;
    private string _namespace = "";

    public static readonly HashSet<string> Primitives = ["string", "int", "long", "float", "double", "boolean", "bytes", "null"];

    public void ParseFile()
    {
        while (_index < tokens.Count)
        {
            var word = Peek();
            if (word is "namespace" or "import" or "package")
            {
                Next();
                var name = Next();
                if (word == "namespace") _namespace = name;
            }
            else if (NamedKinds.Contains(word))
            {
                Named();
            }
            else
            {
                Next();
            }
        }
    }

    private string Peek(int ahead = 0) => _index + ahead < tokens.Count ? tokens[_index + ahead].Text : "";

    private string Next() => _index < tokens.Count ? tokens[_index++].Text : throw new FormatException("unexpected end of PDL");

    private void Expect(string text)
    {
        var token = Next();
        if (token != text) throw new FormatException($"expected '{text}', got '{token}'");
    }

    private PdlReference Named()
    {
        var kind = Next();
        var name = Next();
        var fullName = name.Contains('.', StringComparison.Ordinal) ? name : $"{_namespace}.{name}";
        PdlDeclaration declaration = kind switch
        {
            "record" => Record(),
            "enum" => Enum(),
            "typeref" => Typeref(),
            _ => Fixed(),
        };
        declarations[fullName] = declaration;
        declarations.TryAdd(name.Split('.')[^1], declaration);
        return new PdlReference(fullName);
    }

    private PdlRecord Record()
    {
        var includes = new List<string>();
        if (Peek() == "includes")
        {
            Next();
            includes.Add(Next());
            while (Peek() == ",")
            {
                Next();
                includes.Add(Next());
            }
        }

        Expect("{");
        var fields = new Dictionary<string, PdlField>(StringComparer.Ordinal);
        while (Peek() != "}")
        {
            var name = Next();
            Expect(":");
            var optional = false;
            if (Peek() == "optional")
            {
                Next();
                optional = true;
            }

            var type = Type();
            if (Peek() == "=")
            {
                Next();
                SkipDefault();
                optional = true;
            }

            if (Peek() == ",") Next();
            fields[name] = new PdlField(type, optional);
        }

        Expect("}");
        return new PdlRecord(fields, includes);
    }

    private PdlEnum Enum()
    {
        Expect("{");
        var symbols = new List<string>();
        while (Peek() != "}")
        {
            var (isString, text) = tokens[_index++];
            if (!isString && (char.IsLetter(text[0]) || text[0] == '_')) symbols.Add(text);
        }

        Expect("}");
        return new PdlEnum(symbols);
    }

    private PdlTyperef Typeref()
    {
        Expect("=");
        return new PdlTyperef(Type());
    }

    private PdlFixed Fixed()
    {
        Next();
        return new PdlFixed();
    }

    private void SkipDefault()
    {
        var first = Next();
        if (first is not ("{" or "[")) return;
        for (var depth = 1; depth > 0;)
        {
            var token = Next();
            if (token is "{" or "[") depth++;
            else if (token is "}" or "]") depth--;
        }
    }

    private PdlType Type()
    {
        if (NamedKinds.Contains(Peek())) return Named();
        var word = Next();
        switch (word)
        {
            case "array":
                {
                    Expect("[");
                    var items = Type();
                    Expect("]");
                    return new PdlArray(items);
                }
            case "map":
                {
                    Expect("[");
                    Type();
                    Expect(",");
                    var values = Type();
                    Expect("]");
                    return new PdlMap(values);
                }
            case "union":
                {
                    Expect("[");
                    var members = new List<PdlUnionMember>();
                    while (Peek() != "]")
                    {
                        if (Peek(1) == ":")
                        {
                            var alias = Next();
                            Next();
                            members.Add(new PdlUnionMember(alias, Type()));
                        }
                        else
                        {
                            members.Add(new PdlUnionMember(null, Type()));
                        }

                        if (Peek() == ",") Next();
                    }

                    Expect("]");
                    return new PdlUnion(members);
                }
            default:
                return Primitives.Contains(word) ? new PdlPrimitive(word) : new PdlReference(word);
        }
    }
}

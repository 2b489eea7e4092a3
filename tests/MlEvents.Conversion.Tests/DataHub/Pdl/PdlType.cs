namespace MlEvents.Conversion.Tests.DataHub.Pdl;

/// <summary>A type as written in a PDL file: a primitive, a named reference, an array, a map, a union or a literal enum.</summary>
internal abstract record PdlType;

internal sealed record PdlPrimitive(string Name) : PdlType;

internal sealed record PdlReference(string Name) : PdlType;

internal sealed record PdlArray(PdlType Items) : PdlType;

internal sealed record PdlMap(PdlType Values) : PdlType;

/// <summary>A union member: <paramref name="Alias"/> is set for aliased unions (<c>union[a: T, b: U]</c>).</summary>
internal sealed record PdlUnionMember(string? Alias, PdlType Type);

internal sealed record PdlUnion(IReadOnlyList<PdlUnionMember> Members) : PdlType;

/// <summary>The enum of a field newer than the saved PDLs (not declared in any file).</summary>
internal sealed record PdlEnumLiteral(IReadOnlyList<string> Symbols) : PdlType;

/// <summary>A field of a record: optional when marked <c>optional</c> or when it has a default.</summary>
internal sealed record PdlField(PdlType Type, bool Optional);

/// <summary>A named declaration: record (with its <c>includes</c>), enum, typeref or fixed.</summary>
internal abstract record PdlDeclaration;

internal sealed record PdlRecord(IReadOnlyDictionary<string, PdlField> Fields, IReadOnlyList<string> Includes) : PdlDeclaration;

internal sealed record PdlEnum(IReadOnlyList<string> Symbols) : PdlDeclaration;

internal sealed record PdlTyperef(PdlType Target) : PdlDeclaration;

internal sealed record PdlFixed : PdlDeclaration;

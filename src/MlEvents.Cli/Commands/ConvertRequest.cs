namespace MlEvents.Cli;

/// <summary>The raw option values of <c>mlevents convert</c>, checked by <see cref="ConvertRunner"/>.</summary>
internal sealed record ConvertRequest(
    string Input,
    string Output,
    string WriteMode,
    string UrnStyle,
    string ModelVersionSeparator);

/// <summary>Where <c>convert</c> writes and reads: the invocation's writers (captured by tests) and standard input.</summary>
internal sealed record ConvertConsole(TextWriter Output, TextWriter Error, TextReader Input);

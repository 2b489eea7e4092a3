using System.Text;
using System.Text.RegularExpressions;

namespace MlEvents.Conversion.Tests.DataHub.Pdl;

/// <summary>
/// Turns PDL source into tokens: comments and annotations (<c>@Aspect = {...}</c>, <c>@deprecated</c>, ...) are removed
/// first, since they carry no JSON shape. Strings are kept whole so a <c>/*</c> inside one is not a comment.
/// </summary>
internal static partial class PdlText
{
    public static string Uncomment(string text)
    {
        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                var j = i + 1;
                while (j < text.Length && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
                output.Append(text, i, Math.Min(j + 1, text.Length) - i);
                i = j + 1;
            }
            else if (string.CompareOrdinal(text, i, "/*", 0, 2) == 0)
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
                output.Append(' ');
            }
            else if (string.CompareOrdinal(text, i, "//", 0, 2) == 0)
            {
                var end = text.IndexOf('\n', i);
                i = end < 0 ? text.Length : end;
            }
            else
            {
                output.Append(c);
                i++;
            }
        }

        return output.ToString();
    }

    public static string StripAnnotations(string uncommented)
    {
        var text = uncommented;
        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '@')
            {
                output.Append(text[i++]);
                continue;
            }

            var j = i + 1;
            while (j < text.Length && (char.IsLetterOrDigit(text[j]) || text[j] is '.' or '_')) j++;
            var k = SkipBlanks(text, j);
            if (k < text.Length && text[k] == '=')
            {
                k = SkipValue(text, SkipBlanks(text, k + 1));
            }

            output.Append(' ');
            i = k;
        }

        return output.ToString();
    }

    public static IEnumerable<(bool IsString, string Text)> Tokens(string text)
    {
        foreach (Match match in Token().Matches(text))
        {
            if (match.Groups["string"].Success) yield return (true, match.Groups["string"].Value);
            else if (match.Groups["word"].Success) yield return (false, match.Groups["word"].Value);
            else if (match.Groups["number"].Success) yield return (false, match.Groups["number"].Value);
            else if (match.Groups["punct"].Success && !char.IsWhiteSpace(match.Groups["punct"].Value[0])) yield return (false, match.Groups["punct"].Value);
        }
    }

    /// <summary>Aspect name → record name, from <c>@Aspect = {"name": "..."} record X</c>.</summary>
    public static IEnumerable<(string Aspect, string Record)> AspectDeclarations(string uncommented)
    {
        foreach (Match match in AspectAnnotation().Matches(uncommented))
        {
            yield return (match.Groups[1].Value, match.Groups[2].Value);
        }
    }

    private static int SkipBlanks(string text, int k)
    {
        while (k < text.Length && text[k] is ' ' or '\t' or '\n' or '\r') k++;
        return k;
    }

    private static int SkipValue(string text, int k)
    {
        if (k >= text.Length) return k;
        if (text[k] is '{' or '[')
        {
            var depth = 0;
            var inString = false;
            for (; k < text.Length; k++)
            {
                var c = text[k];
                if (inString)
                {
                    if (c == '\\') k++;
                    else if (c == '"') inString = false;
                }
                else if (c == '"') inString = true;
                else if (c is '{' or '[') depth++;
                else if (c is '}' or ']' && --depth == 0) return k + 1;
            }

            return k;
        }

        if (text[k] == '"')
        {
            k++;
            while (k < text.Length && text[k] != '"') k += text[k] == '\\' ? 2 : 1;
            return k + 1;
        }

        while (k < text.Length && !char.IsWhiteSpace(text[k])) k++;
        return k;
    }

    [GeneratedRegex("""\s*(?:(?<string>"(?:\\.|[^"\\])*")|(?<word>[A-Za-z_][\w.]*)|(?<number>-?\d+(?:\.\d+)?)|(?<punct>.))""", RegexOptions.Singleline)]
    private static partial Regex Token();

    [GeneratedRegex("""@Aspect\s*=\s*\{[^}]*?"name"\s*:\s*"(\w+)"[^}]*\}\s*record\s+(\w+)""", RegexOptions.Singleline)]
    private static partial Regex AspectAnnotation();
}

using System.Globalization;
using System.Text;

namespace MlEvents.Conversion.Mapping;

/// <summary>Python's <c>repr(float)</c> for finite doubles (the shortest digits that round-trip, Python's layout).</summary>
internal static class PythonFloat
{
    public static string Repr(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values are formatted.");
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // "E16" is not shortest; "R" is, in either fixed or exponent layout: normalise it to digits + exponent.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (Math.Abs(value) is >= 1e-4 and < 1e16 && !text.Contains('E', StringComparison.Ordinal))
        {
            // Where Python writes fixed digits, "R"'s fixed layout is the same text, except that Python adds ".0" to integers.
            return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
        }

        return FromDigits(text);
    }

    /// <summary>The general layout from "R"'s digits and exponent (what the shortcut in <see cref="Repr"/> must agree with).</summary>
    internal static string FromDigits(string text)
    {
        var negative = text[0] == '-';
        if (negative)
        {
            text = text[1..];
        }

        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot >= 0 ? dot : text.Length;
        var digits = text.Replace(".", "", StringComparison.Ordinal);
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        // value = 0.d1d2d3... × 10^(pointPosition)
        var pointPosition = integerDigits - leadingZeros + exponent;
        var decimalExponent = pointPosition - 1; // scientific exponent of d1.d2d3...

        var result = new StringBuilder(24);
        if (negative)
        {
            result.Append('-');
        }

        if (decimalExponent is >= -4 and < 16)
        {
            if (pointPosition <= 0)
            {
                result.Append("0.").Append('0', -pointPosition).Append(digits);
            }
            else if (pointPosition >= digits.Length)
            {
                result.Append(digits).Append('0', pointPosition - digits.Length).Append(".0");
            }
            else
            {
                result.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
            }
        }
        else
        {
            result.Append(digits[0]);
            if (digits.Length > 1)
            {
                result.Append('.').Append(digits, 1, digits.Length - 1);
            }

            result.Append('e').Append(decimalExponent < 0 ? '-' : '+')
                .Append(Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture));
        }

        return result.ToString();
    }
}

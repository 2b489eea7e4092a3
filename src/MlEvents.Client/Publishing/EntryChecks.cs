using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>Turns broken <see cref="FieldRules"/> into the <see cref="ArgumentException"/> of the call that brought the value.</summary>
internal static class EntryChecks
{
    public static void ThrowIfInvalid(IReadOnlyList<ValidationError> errors, string paramName)
    {
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), paramName);
    }

    public static void ThrowIfFull(int count, string what, string runId, string refused)
    {
        if (count >= EventLimits.MaxCollectionItems)
        {
            throw new ArgumentException(
                $"Run '{runId}' already has {count} {what}, the limit of one run ({EventLimits.MaxCollectionItems}); '{Shorten(refused)}' was not added.");
        }
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}

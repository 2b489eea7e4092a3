using MlEvents.Conversion.Tests.Conversion;
using MlEvents.DataHub.Serialization;

namespace MlEvents.Conversion.Tests.DataHub;

/// <summary>
/// The MCP JSON file of <see cref="SampleMcps"/> is kept as a golden file and validated against DataHub's
/// PDLs with shared/tools/pdl_validate.py. Set MLEVENTS_UPDATE_GOLDEN=1 to rewrite the golden file.
/// </summary>
public sealed class GoldenFileTests
{
    private const string GoldenName = "datahub-model.mcps.json";

    [Fact]
    public void Serialised_sample_matches_the_golden_file()
    {
        var actual = McpJsonFile.Write(SampleMcps.All());
        if (Environment.GetEnvironmentVariable("MLEVENTS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(TestPaths.SourceProjectDirectory, "Golden", GoldenName), actual);
        }

        var expected = File.ReadAllText(Path.Combine(TestPaths.GoldenDirectory, GoldenName)).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Serialised_sample_is_valid_against_DataHub_PDLs()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mlevents-pdl-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, McpJsonFile.Write(SampleMcps.All()));
        try
        {
            var (exitCode, output) = PdlValidator.ValidateFile(file);
            var upserts = SampleMcps.All().Count(m => m.ChangeType == global::MlEvents.DataHub.Mcps.ChangeType.Upsert);
            Assert.True(exitCode == 0, output);
            Assert.Contains($"pdl: {upserts}/{upserts} aspects valid", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Validator_rejects_a_null_written_for_an_optional_field()
    {
        // Guards the validator test itself: the Pegasus codec rejects null, so must the check.
        var file = Path.Combine(Path.GetTempPath(), $"mlevents-pdl-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """
            [{"entityType": "tag", "entityUrn": "urn:li:tag:x", "changeType": "UPSERT", "aspectName": "tagProperties",
              "aspect": {"json": {"name": "x", "description": null}}}]
            """);
        try
        {
            var (exitCode, output) = PdlValidator.ValidateFile(file);
            Assert.True(exitCode != 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

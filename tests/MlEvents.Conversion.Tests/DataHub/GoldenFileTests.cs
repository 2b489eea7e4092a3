using MlEvents.Conversion.Tests.DataHub.Pdl;
using MlEvents.DataHub.Serialization;

namespace MlEvents.Conversion.Tests.DataHub;

/// <summary>
/// The MCP JSON file of <see cref="SampleMcps"/> is kept as a golden file and validated against DataHub's
/// PDLs (schemas/datahub/pdl) by the project's PdlAspectValidator, and by ../shared/tools/pdl_validate.py where present (required when the "CI" environment variable is true). Set MLEVENTS_UPDATE_GOLDEN=1 to rewrite the golden file.
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
    public void Golden_file_is_valid_against_DataHubs_PDLs()
    {
        var report = PdlAspectValidator.Default.ValidateMcpFile(File.ReadAllText(Path.Combine(TestPaths.GoldenDirectory, GoldenName)));

        var upserts = SampleMcps.All().Count(m => m.ChangeType == global::MlEvents.DataHub.Mcps.ChangeType.Upsert);
        Assert.True(report.AllValid, report.ToString());
        Assert.Equal(upserts, report.Total);
        Assert.Empty(report.NotJudged);
    }

    [SharedPdlToolFact]
    public void Serialised_sample_is_valid_for_the_shared_pdl_validate_tool()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mlevents-pdl-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, McpJsonFile.Write(SampleMcps.All()));
        try
        {
            var (exitCode, output) = SharedPdlTool.ValidateFile(file);
            var upserts = SampleMcps.All().Count(m => m.ChangeType == global::MlEvents.DataHub.Mcps.ChangeType.Upsert);
            Assert.True(exitCode == 0, output);
            Assert.Contains($"pdl: {upserts}/{upserts} aspects valid", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SharedPdlToolFact]
    public void Shared_tool_rejects_a_null_written_for_an_optional_field()
    {
        // Guards the validator test itself: the Pegasus codec rejects null, so must the check.
        var file = Path.Combine(Path.GetTempPath(), $"mlevents-pdl-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """
            [{"entityType": "tag", "entityUrn": "urn:li:tag:x", "changeType": "UPSERT", "aspectName": "tagProperties",
              "aspect": {"json": {"name": "x", "description": null}}}]
            """);
        try
        {
            var (exitCode, output) = SharedPdlTool.ValidateFile(file);
            Assert.True(exitCode != 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

using System.CommandLine;
using MlEvents.Cli.Conventions;
using MlEvents.Contracts;

namespace MlEvents.Cli;

/// <summary>The envelope flags every <c>publish &lt;event&gt;</c> sub-command has (one instance per sub-command).</summary>
internal sealed class PublishEnvelopeOptions
{
    public const string PlatformVariable = "MLEVENTS_PLATFORM";
    public const string EnvironmentVariable = "MLEVENTS_ENVIRONMENT";
    public const string ActorVariable = "MLEVENTS_ACTOR";

    public Option<string> Platform { get; } = new("--platform", "-p")
    {
        Description = $"Source platform: mlflow, sagemaker, vertexai, ... (required) [env {PlatformVariable}]",
        HelpName = "name",
    };

    public Option<string> Environment { get; } = new("--environment")
    {
        Description = $"DataHub fabric: PROD, DEV, TEST, QA, STG, ... [env {EnvironmentVariable}; default PROD]",
        HelpName = "fabric",
    };

    public Option<string> Actor { get; } = new("--actor")
    {
        Description = $"Who caused the fact: user name or DataHub actor URN [env {ActorVariable}]",
        HelpName = "user",
    };

    public Option<string> EventId { get; } = new("--event-id")
    {
        Description = "Event id [default: a new UUID]; reuse the id when re-publishing the same fact",
        HelpName = "id",
    };

    public Option<string> EventTime { get; } = new("--event-time")
    {
        Description = "When the fact happened: epoch ms or ISO 8601 [default: now]",
        HelpName = "time",
    };

    public IEnumerable<Option> All => [Platform, Environment, Actor, EventId, EventTime];

    public string PlatformOf(ParseResult parseResult) =>
        FlagOrVariable.Value(parseResult, Platform, PlatformVariable) ?? throw new UsageException(FlagOrVariable.Missing(Platform, PlatformVariable));

    /// <summary>Required envelope values given neither as flags nor as variables.</summary>
    public IEnumerable<string> Missing(ParseResult parseResult)
    {
        if (FlagOrVariable.Value(parseResult, Platform, PlatformVariable) is null) yield return FlagOrVariable.Missing(Platform, PlatformVariable);
    }

    public MlEvent Envelope(ParseResult parseResult, MlEventPayload payload) => new()
    {
        EventId = parseResult.GetValue(EventId) ?? Guid.NewGuid().ToString(),
        EventTime = PublishArguments.Time(parseResult.GetValue(EventTime), "--event-time") ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        Platform = PlatformOf(parseResult),
        Environment = FlagOrVariable.Value(parseResult, Environment, EnvironmentVariable) ?? MlEvent.DefaultEnvironment,
        Actor = FlagOrVariable.Value(parseResult, Actor, ActorVariable),
        Payload = payload,
    };
}

using System.CommandLine;
using Microsoft.Extensions.Options;
using MlEvents.Cli.Conventions;
using MlEvents.Client;
using MlEvents.Contracts;
using MlEvents.Worker.Configuration;

namespace MlEvents.Cli;

/// <summary>
/// Sends prepared events and reports like a CI log reader wants: one stdout line per published event, one stderr line
/// per failed event (with its line number), a summary, and the exit code of <see cref="ExitCode"/>.
/// Invalid events are reported and skipped; the valid ones are still sent.
/// </summary>
internal static class PublishRunner
{
    /// <summary>W3C trace context handed to a child process (OpenTelemetry's environment-variable carrier): the events carry it.</summary>
    public const string TraceParentVariable = "TRACEPARENT";

    public const string TraceStateVariable = "TRACESTATE";

    public static async Task<int> RunAsync(
        ParseResult parseResult, PublishConnectionOptions connection, string platform, IReadOnlyList<PublishItem> items, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var valid = items.Where(i => i.Event is not null).ToList();
        var invalid = items.Where(i => i.Event is null).ToList();

        if (parseResult.GetValue(connection.DryRun))
        {
            foreach (var item in invalid) await error.WriteLineAsync($"{item.Label}: {item.Error}").ConfigureAwait(false);
            foreach (var item in valid) await output.WriteLineAsync(MlEventJson.Serialize(item.Event!)).ConfigureAwait(false);
            await error.WriteLineAsync($"dry run: {valid.Count} valid, {invalid.Count} invalid; nothing sent").ConfigureAwait(false);
            return invalid.Count == 0 ? (int)ExitCode.Ok : (int)ExitCode.Failed;
        }

        var options = connection.ToPublisherOptions(parseResult, platform);
        var registryCredentials = !string.IsNullOrEmpty(options.SchemaRegistry.BasicAuthUserInfo) || !string.IsNullOrEmpty(options.SchemaRegistry.BearerAuthToken);
        foreach (var warning in PlaintextCredentials.ForRegistry(options.SchemaRegistry.Url, registryCredentials, "the registry credential")
                     .Concat(PlaintextCredentials.ForKafka(options.KafkaSettings)))
        {
            await error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        MlEventsPublisher publisher;
        try
        {
            publisher = MlEventsPublisher.Create(options);
        }
        catch (OptionsValidationException e)
        {
            throw new UsageException([.. e.Failures]);
        }

        foreach (var item in invalid) await error.WriteLineAsync($"{item.Label}: {item.Error}").ConfigureAwait(false);
        var outcome = new Outcome(invalid.Count);
        using var trace = PublisherTracing.ContinueTrace(
            Environment.GetEnvironmentVariable(TraceParentVariable), Environment.GetEnvironmentVariable(TraceStateVariable));
        try
        {
            await using (publisher.ConfigureAwait(false))
            {
                // The first event alone: if Kafka or the registry is unreachable, say so once instead of once per event.
                if (valid.Count > 0 && !await SendAsync(publisher, valid[0], outcome, output, error, cancellationToken).ConfigureAwait(false))
                {
                    await ReportNotSentAsync(valid.Skip(1), outcome, error).ConfigureAwait(false);
                }
                else
                {
                    await Task.WhenAll(valid.Skip(1).Select(item => SendAsync(publisher, item, outcome, output, error, cancellationToken))).ConfigureAwait(false);
                }
                // DisposeAsync never throws: the flush that reports events left in flight is this one.
                await publisher.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (UndeliveredEventsException e)
        {
            outcome.Unreachable = true;
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
        }

        var total = items.Count;
        var summary = $"{outcome.Published} of {total} event(s) published to {options.Topic}";
        if (outcome.Failed > 0) summary += $"; {outcome.Failed} failed";
        await (outcome.Failed > 0 ? error : output).WriteLineAsync(summary).ConfigureAwait(false);
        if (outcome.Unreachable)
        {
            await error.WriteLineAsync($"Kafka ({options.BootstrapServers}) or the Schema Registry ({options.SchemaRegistryUrl}) could not be reached; retry later.")
                .ConfigureAwait(false);
            return (int)ExitCode.Unreachable;
        }
        return outcome.Failed > 0 ? (int)ExitCode.Failed : (int)ExitCode.Ok;
    }

    private static async Task<bool> SendAsync(
        MlEventsPublisher publisher, PublishItem item, Outcome outcome, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var mlEvent = item.Event!;
        try
        {
            var published = await publisher.PublishAsync(mlEvent, cancellationToken).ConfigureAwait(false);
            outcome.Succeeded();
            await Write(output, $"{item.Label}: published {mlEvent.Payload.TypeName} {mlEvent.EventId} key {published.Key} -> {published.Topic}[{published.Partition}]@{published.Offset}")
                .ConfigureAwait(false);
            return true;
        }
        catch (PublishException e)
        {
            outcome.Failure(e.IsUnreachable);
            await Write(error, $"{item.Label}: {e.Message}").ConfigureAwait(false);
            return !e.IsUnreachable;
        }
        catch (EventValidationException e)
        {
            outcome.Failure(unreachable: false);
            await Write(error, $"{item.Label}: invalid event {mlEvent.EventId}: {string.Join("; ", e.Errors)}").ConfigureAwait(false);
            return true;
        }
    }

    private static async Task ReportNotSentAsync(IEnumerable<PublishItem> items, Outcome outcome, TextWriter error)
    {
        foreach (var item in items)
        {
            outcome.Failure(unreachable: true);
            await error.WriteLineAsync($"{item.Label}: not sent (event {item.Event!.EventId})").ConfigureAwait(false);
        }
    }

    // Output lines of concurrent sends must not interleave inside a line.
    private static readonly SemaphoreSlim WriteGate = new(1, 1);

    private static async Task Write(TextWriter writer, string line)
    {
        await WriteGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await writer.WriteLineAsync(line).ConfigureAwait(false);
        }
        finally
        {
            WriteGate.Release();
        }
    }

    private sealed class Outcome(int invalid)
    {
        private int _published;
        private int _failed = invalid;

        public int Published => Volatile.Read(ref _published);

        public int Failed => Volatile.Read(ref _failed);

        public bool Unreachable { get; set; }

        public void Succeeded() => Interlocked.Increment(ref _published);

        public void Failure(bool unreachable)
        {
            Interlocked.Increment(ref _failed);
            if (unreachable) Unreachable = true;
        }
    }
}

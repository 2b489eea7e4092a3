using MlEvents.DataHub.Mcps;

namespace MlEvents.Embedded;

/// <summary>
/// An ingest request <see cref="EmbeddedGms"/> refused: the HTTP status and Rest.li message it answered with, the proposal
/// that was refused, and how many proposals the request carried (none of them was applied).
/// </summary>
public sealed record GmsRefusal(int Status, string Message, MetadataChangeProposal Proposal, int ProposalsInRequest);

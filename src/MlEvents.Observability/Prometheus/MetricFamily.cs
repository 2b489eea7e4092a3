namespace MlEvents.Observability.Prometheus;

/// <summary>
/// A named group of series with one HELP and TYPE line. <see cref="Name"/> is the base name: counters get
/// <c>_total</c> appended by the renderer unless already present; histograms get <c>_bucket</c>/<c>_sum</c>/<c>_count</c>.
/// </summary>
public sealed record MetricFamily(string Name, string Help, MetricType Type, IReadOnlyList<MetricSample> Samples);

// Some tests set process-wide environment variables (MLEVENTS_*, TRACEPARENT) that every command reads: tests run one
// at a time so no command sees another test's variables.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

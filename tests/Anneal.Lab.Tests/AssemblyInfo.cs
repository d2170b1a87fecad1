// TorchSharp's random generator (torch.manual_seed) is process-wide: tests that seed it and then create models must
// not interleave with other tests that draw from it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

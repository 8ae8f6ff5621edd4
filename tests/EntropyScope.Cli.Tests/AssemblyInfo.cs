// The CLI tests redirect the process-wide Console; run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

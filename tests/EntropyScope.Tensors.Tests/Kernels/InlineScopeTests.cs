using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Tensors.Tests.Kernels;

[Collection(EngineThreadsCollection.Name)]
public class InlineScopeTests
{
    private sealed class RecordWorkers : ParallelJob
    {
        public int Seen;
        public override void Execute(int worker, int workers) => Seen = Math.Max(Seen, workers);
    }

    [Fact]
    public void InlineScopeRunsThisThreadsJobsInlineWithoutTouchingOtherThreads()
    {
        var inside = new RecordWorkers();
        int otherThread = 0, after;
        using (EngineThreads.InlineOnThisThread())
        {
            WorkerPool.Run(inside, 2);
            // Another thread keeps the real pool while this one is inline.
            var thread = new Thread(() => otherThread = WorkersWhenPoolIsFree());
            thread.Start();
            thread.Join();
        }
        after = WorkersWhenPoolIsFree();

        Assert.Equal(1, inside.Seen);
        Assert.Equal(2, otherThread);
        Assert.Equal(2, after);
    }

    // Other test classes may hold the pool for a moment; a caller that finds it busy still sees 2 workers (run in turn).
    private static int WorkersWhenPoolIsFree()
    {
        for (int attempt = 0; attempt < 2000; attempt++)
        {
            var job = new RecordWorkers();
            WorkerPool.Run(job, 2);
            if (job.Seen == 2) return 2;
            Thread.Sleep(1);
        }
        return 1;
    }
}

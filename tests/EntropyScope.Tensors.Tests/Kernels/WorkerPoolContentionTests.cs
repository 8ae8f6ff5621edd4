using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Tensors.Tests.Kernels;

/// <summary>
/// A caller that finds the pool held by another thread keeps its partition: all W workers' shares run in turn on the
/// caller's thread, so per-worker partial sums (and their rounding) are those of a free pool.
/// </summary>
[Collection(EngineThreadsCollection.Name)]
public class WorkerPoolContentionTests
{
    /// <summary>Holds the pool: worker 0 waits until released, once worker 1 has shown it runs on a pool thread.</summary>
    private sealed class HoldingJob : ParallelJob
    {
        public readonly ManualResetEventSlim Release = new(false);
        public readonly ManualResetEventSlim Holding = new(false);
        private readonly ManualResetEventSlim workerOneStarted = new(false);

        public void TryToHold() { workerOneStarted.Reset(); WorkerPool.Run(this, 2); }

        public override void Execute(int worker, int workers)
        {
            if (worker == 1) { workerOneStarted.Set(); return; }
            // Worker 1 starting within the wait means the pool's own thread runs it: this call holds the pool.
            // Otherwise the pool was busy and the shares run in turn here, so give up and let the caller retry.
            if (!workerOneStarted.Wait(200)) return;
            Holding.Set();
            Release.Wait();
        }
    }

    private sealed class RecordCalls : ParallelJob
    {
        public readonly List<(int Worker, int Workers, int Thread)> Calls = [];
        public override void Execute(int worker, int workers) =>
            Calls.Add((worker, workers, Environment.CurrentManagedThreadId));
    }

    [Fact]
    public void A_caller_that_finds_the_pool_held_runs_every_share_in_turn_on_its_own_thread()
    {
        var job = new RecordCalls();
        WhileAnotherThreadHoldsThePool(() => WorkerPool.Run(job, 2));
        int me = Environment.CurrentManagedThreadId;
        Assert.Equal([(0, 2, me), (1, 2, me)], job.Calls);
    }

    /// <summary>The weight gradient sums per-worker partials: held or free, the same bits.</summary>
    [Fact]
    public void A_weight_gradient_has_the_same_bits_whether_the_pool_is_free_or_held()
    {
        if (EngineThreads.Count < 2) return;   // one engine worker: nothing is partitioned
        var g = new Conv2dGeometry(8, 16, 12, 12, 3, 1, 1);
        const int batch = 16;
        var rng = new Random(7);
        float[] x = Enumerable.Range(0, batch * g.InputImageSize).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] dy = Enumerable.Range(0, batch * g.OutputImageSize).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] wFree = new float[g.WeightSize], bFree = new float[g.OutChannels];
        float[] wHeld = new float[g.WeightSize], bHeld = new float[g.OutChannels];

        Conv2dKernels.BackwardWeights(g, batch, x, dy, wFree, bFree);
        WhileAnotherThreadHoldsThePool(() => Conv2dKernels.BackwardWeights(g, batch, x, dy, wHeld, bHeld));

        Assert.Equal(wFree, wHeld);
        Assert.Equal(bFree, bHeld);
    }

    private static void WhileAnotherThreadHoldsThePool(Action action)
    {
        var holder = new HoldingJob();
        var thread = new Thread(() =>
        {
            for (int attempt = 0; attempt < 200 && !holder.Holding.IsSet; attempt++)
                holder.TryToHold();
        });
        thread.Start();
        try
        {
            Assert.True(holder.Holding.Wait(TimeSpan.FromSeconds(60)), "the holder never got the pool");
            action();
        }
        finally
        {
            holder.Release.Set();
            thread.Join();
        }
    }
}

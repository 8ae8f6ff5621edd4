using System.Runtime.ExceptionServices;

namespace EntropyScope.Tensors.Kernels;

/// <summary>One parallel piece of work: worker w of W processes its own share. Jobs are cached objects (no per-call allocation).</summary>
internal abstract class ParallelJob
{
    public abstract void Execute(int worker, int workers);
}

/// <summary>
/// Persistent worker threads: the calling thread is worker 0, background threads are workers 1..W−1.
/// No allocation per dispatch. Nested calls (from inside a job) and calls under
/// <see cref="EngineThreads.InlineOnThisThread"/> run inline as one worker, so there is never nested parallelism.
/// A call that finds the pool held by another thread runs all W partitions in turn on its own thread: the same
/// partition, hence the same rounding of per-worker partial sums, as when the pool is free, so a result never
/// depends on what other threads happen to be doing.
/// </summary>
internal static class WorkerPool
{
    private static readonly object Gate = new();
    private static readonly List<Worker> Workers = [];
    private static readonly ManualResetEventSlim AllDone = new(false, spinCount: 200);
    private static int pending;
    private static Exception? failure;

    [ThreadStatic] private static bool insideJob;

    /// <summary>
    /// Set by <see cref="EngineThreads.InlineOnThisThread"/>: callers that parallelise at a coarser level themselves
    /// (e.g. over chunks of a batch) make their kernels run inline on their own thread. Thread-local, so concurrent
    /// callers never change each other's worker count.
    /// </summary>
    [ThreadStatic] internal static bool InlineRequested;

    /// <summary>Runs job.Execute(w, workers) for w in 0..workers−1 and returns when all have finished.</summary>
    public static void Run(ParallelJob job, int workers)
    {
        if (workers <= 1 || insideJob || InlineRequested)
        {
            RunOnThisThread(job, 1);
            return;
        }
        if (!Monitor.TryEnter(Gate))
        {
            RunOnThisThread(job, workers);   // the free pool's partition, its shares in turn
            return;
        }
        try
        {
            while (Workers.Count < workers - 1)
                Workers.Add(new Worker(Workers.Count + 1));
            failure = null;
            AllDone.Reset();
            Volatile.Write(ref pending, workers - 1);
            for (int w = 1; w < workers; w++)
                Workers[w - 1].Start(job, workers);

            insideJob = true;
            try { job.Execute(0, workers); }
            catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); }
            finally { insideJob = false; }

            AllDone.Wait();
            if (failure is { } f)
                ExceptionDispatchInfo.Capture(f).Throw();
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    /// <summary>Runs the job's <paramref name="workers"/> shares one after another on the calling thread.</summary>
    private static void RunOnThisThread(ParallelJob job, int workers)
    {
        bool outer = insideJob;
        insideJob = true;
        try
        {
            for (int w = 0; w < workers; w++)
                job.Execute(w, workers);
        }
        finally { insideJob = outer; }
    }

    private sealed class Worker
    {
        private readonly ManualResetEventSlim go = new(false, spinCount: 200);
        private readonly int index;
        private ParallelJob? job;
        private int workers;

        public Worker(int index)
        {
            this.index = index;
            new Thread(Loop) { IsBackground = true, Name = $"EntropyScope kernel worker {index}" }.Start();
        }

        public void Start(ParallelJob job, int workers)
        {
            this.job = job;
            this.workers = workers;
            go.Set();
        }

        private void Loop()
        {
            insideJob = true;
            while (true)
            {
                go.Wait();
                go.Reset();
                try { job!.Execute(index, workers); }
                catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); }
                job = null;
                if (Interlocked.Decrement(ref pending) == 0)
                    AllDone.Set();
            }
        }
    }
}

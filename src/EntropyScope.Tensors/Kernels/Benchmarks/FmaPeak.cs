using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels.Benchmarks;

/// <summary>
/// Measures this machine's single-precision FMA peak with a given worker count: every worker runs 16 independent
/// FMA chains on the widest vector the GEMM uses (16 chains × 4-cycle latency covers 2 FMA pipes twice over), and
/// the GFLOP/s (2 flops per lane per FMA) of all workers together is the best of many short timed runs — short and
/// many, like the kernel timings, so that on a shared machine both are measured in the same quiet moments.
/// </summary>
public static class FmaPeak
{
    public static double MeasureGflops(int workers, int repetitions = 200, double secondsPerRun = 0.003)
    {
        var job = new FmaJob();
        job.Iterations = 1 << 14;
        // Calibrate the iteration count to roughly secondsPerRun.
        while (true)
        {
            double t = Time(job, workers);
            if (t > secondsPerRun / 4 || job.Iterations > 1 << 30) { job.Iterations = (long)(job.Iterations * secondsPerRun / Math.Max(t, 1e-6)); break; }
            job.Iterations *= 4;
        }
        double best = double.MaxValue;
        for (int r = 0; r < repetitions; r++)
            best = Math.Min(best, Time(job, workers));
        double flops = (double)workers * job.Iterations * FmaJob.Chains * 2 * FmaJob.Lanes;
        return flops / best / 1e9;
    }

    private static double Time(FmaJob job, int workers)
    {
        var sw = Stopwatch.StartNew();
        WorkerPool.Run(job, workers);
        return sw.Elapsed.TotalSeconds;
    }

    private sealed class FmaJob : ParallelJob
    {
        public const int Chains = 16;
        public static int Lanes => Avx512F.IsSupported ? 16 : Fma.IsSupported ? 8 : 1;
        public long Iterations;
        public float Sink;

        public override void Execute(int worker, int workers)
        {
            float s = Avx512F.IsSupported ? Run512(Iterations) : Fma.IsSupported ? Run256(Iterations) : RunScalar(Iterations);
            if (s == 12345f) Sink = s; // keeps the chains alive without a shared write on the timed path
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static float Run512(long iterations)
        {
            // acc ← acc·x + y with x slightly below 1 stays finite and normal for any iteration count.
            var x = Vector512.Create(0.9999999f);
            var y = Vector512.Create(1e-7f);
            Vector512<float> a0 = x, a1 = y, a2 = x, a3 = y, a4 = x, a5 = y, a6 = x, a7 = y,
                a8 = x, a9 = y, a10 = x, a11 = y, a12 = x, a13 = y, a14 = x, a15 = y;
            for (long i = 0; i < iterations; i++)
            {
                a0 = Avx512F.FusedMultiplyAdd(a0, x, y); a1 = Avx512F.FusedMultiplyAdd(a1, x, y);
                a2 = Avx512F.FusedMultiplyAdd(a2, x, y); a3 = Avx512F.FusedMultiplyAdd(a3, x, y);
                a4 = Avx512F.FusedMultiplyAdd(a4, x, y); a5 = Avx512F.FusedMultiplyAdd(a5, x, y);
                a6 = Avx512F.FusedMultiplyAdd(a6, x, y); a7 = Avx512F.FusedMultiplyAdd(a7, x, y);
                a8 = Avx512F.FusedMultiplyAdd(a8, x, y); a9 = Avx512F.FusedMultiplyAdd(a9, x, y);
                a10 = Avx512F.FusedMultiplyAdd(a10, x, y); a11 = Avx512F.FusedMultiplyAdd(a11, x, y);
                a12 = Avx512F.FusedMultiplyAdd(a12, x, y); a13 = Avx512F.FusedMultiplyAdd(a13, x, y);
                a14 = Avx512F.FusedMultiplyAdd(a14, x, y); a15 = Avx512F.FusedMultiplyAdd(a15, x, y);
            }
            var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
            return Vector512.Sum(sum);
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static float Run256(long iterations)
        {
            var x = Vector256.Create(0.9999999f);
            var y = Vector256.Create(1e-7f);
            Vector256<float> a0 = x, a1 = y, a2 = x, a3 = y, a4 = x, a5 = y, a6 = x, a7 = y,
                a8 = x, a9 = y, a10 = x, a11 = y, a12 = x, a13 = y, a14 = x, a15 = y;
            for (long i = 0; i < iterations; i++)
            {
                a0 = Fma.MultiplyAdd(a0, x, y); a1 = Fma.MultiplyAdd(a1, x, y);
                a2 = Fma.MultiplyAdd(a2, x, y); a3 = Fma.MultiplyAdd(a3, x, y);
                a4 = Fma.MultiplyAdd(a4, x, y); a5 = Fma.MultiplyAdd(a5, x, y);
                a6 = Fma.MultiplyAdd(a6, x, y); a7 = Fma.MultiplyAdd(a7, x, y);
                a8 = Fma.MultiplyAdd(a8, x, y); a9 = Fma.MultiplyAdd(a9, x, y);
                a10 = Fma.MultiplyAdd(a10, x, y); a11 = Fma.MultiplyAdd(a11, x, y);
                a12 = Fma.MultiplyAdd(a12, x, y); a13 = Fma.MultiplyAdd(a13, x, y);
                a14 = Fma.MultiplyAdd(a14, x, y); a15 = Fma.MultiplyAdd(a15, x, y);
            }
            var sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
            return Vector256.Sum(sum);
        }

        private static float RunScalar(long iterations)
        {
            float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (long i = 0; i < iterations * 4; i++)
            {
                a0 = a0 * 0.9999999f + 1e-7f; a1 = a1 * 0.9999999f + 1e-7f;
                a2 = a2 * 0.9999999f + 1e-7f; a3 = a3 * 0.9999999f + 1e-7f;
            }
            return a0 + a1 + a2 + a3;
        }
    }
}

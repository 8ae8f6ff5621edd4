using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EntropyScope.Tensors.Kernels.Benchmarks;

/// <summary>
/// Seconds for timing a kernel: wall time, or (single-threaded runs on Linux only) the calling thread's CPU time,
/// which leaves out the time the thread waited for a core — the only usable figure on a machine shared with other jobs.
/// </summary>
public static partial class BenchClock
{
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static bool ThreadCpuTimeAvailable => OperatingSystem.IsLinux();

    public static double Now(bool threadCpuTime)
    {
        if (!threadCpuTime) return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        if (ClockGetTime(ClockThreadCpuTime, out var t) != 0)
            throw new PlatformNotSupportedException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        return t.Seconds + t.Nanoseconds * 1e-9;
    }
}

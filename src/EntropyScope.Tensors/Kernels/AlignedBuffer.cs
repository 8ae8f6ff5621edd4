using System.Runtime.InteropServices;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// A growable, 64-byte aligned native float buffer owned by one thread (packing panels, im2col columns).
/// Aligned so that packed panels load as whole cache lines; grown rarely, never shrunk, so steady state allocates nothing.
/// </summary>
internal sealed unsafe class AlignedBuffer
{
    private float* data;
    private long capacity;

    /// <summary>A pointer to at least <paramref name="count"/> floats; previous contents are not preserved on growth.</summary>
    public float* Get(long count)
    {
        if (count > capacity)
        {
            if (data != null) NativeMemory.AlignedFree(data);
            long grown = Math.Max(count, capacity + capacity / 2);
            data = (float*)NativeMemory.AlignedAlloc((nuint)(grown * sizeof(float)), 64);
            capacity = grown;
        }
        return data;
    }

    ~AlignedBuffer()
    {
        if (data != null) NativeMemory.AlignedFree(data);
    }
}

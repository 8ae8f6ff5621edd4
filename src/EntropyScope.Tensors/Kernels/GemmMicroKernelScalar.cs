namespace EntropyScope.Tensors.Kernels;

/// <summary>Portable 4×4 register tile for machines without AVX2/FMA: same packed layout, plain float arithmetic.</summary>
internal static unsafe class GemmMicroKernelScalar
{
    public const int Mr = 4, Nr = 4;

    public static void Run(int kc, float* a, float* b, float* c, int ldc, bool add)
    {
        float* acc = stackalloc float[Mr * Nr];
        for (int t = 0; t < Mr * Nr; t++) acc[t] = 0;
        for (int p = 0; p < kc; p++, a += Mr, b += Nr)
            for (int i = 0; i < Mr; i++)
            {
                float ai = a[i];
                for (int j = 0; j < Nr; j++) acc[i * Nr + j] += ai * b[j];
            }
        for (int i = 0; i < Mr; i++)
            for (int j = 0; j < Nr; j++)
                c[i * ldc + j] = add ? c[i * ldc + j] + acc[i * Nr + j] : acc[i * Nr + j];
    }
}

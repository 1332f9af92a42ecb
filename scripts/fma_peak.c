/* One core's float32 FMA peak in C, the cross-check of benchmarks' FmaPeak (Java Vector API): twelve independent
 * chains of vector FMAs, no memory traffic, the maximum over 401 short runs (on a shared machine the fastest run is
 * one the scheduler left alone). W=512 uses AVX-512, W=256 AVX2.
 *   gcc -O2 -mavx512f -mfma -DW=512 scripts/fma_peak.c -o /tmp/fma512 && taskset -c 0 /tmp/fma512
 *   gcc -O2 -mavx2 -mfma -DW=256 scripts/fma_peak.c -o /tmp/fma256 && taskset -c 0 /tmp/fma256 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

#if W == 512
typedef __m512 vec;
#define LANES 16
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#else
typedef __m256 vec;
#define LANES 8
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#endif

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void) {
    const long iterations = 2000000;
    double best = 0;
    float sink = 0;
    for (int r = 0; r < 401; r++) {
        vec m = SET1(0.9999999f), c = SET1(1e-7f), a[12];
        for (int k = 0; k < 12; k++) a[k] = SET1(0.01f * (k + 1));
        double t = now();
        for (long i = 0; i < iterations; i++) {
#pragma GCC unroll 12
            for (int k = 0; k < 12; k++) a[k] = FMA(a[k], m, c);
        }
        t = now() - t;
        for (int k = 0; k < 12; k++) sink += a[k][0];
        double gflops = 2.0 * 12 * LANES * iterations / t / 1e9;
        if (gflops > best) best = gflops;
    }
    printf("FMA peak, one thread, %d-bit vectors, 12 chains: max %.1f GFLOP/s over 401 runs (%s)\n", W, best, sink > 0 ? "ok" : "?");
    return 0;
}

/* PROJ side of bench/geodesy-vs-proj.sh: transforms N generated points with proj_trans_generic on one fixed
 * pipeline (given as argv[3]), times only that call, and writes the results for comparison.
 * Points: Pulkovo 1942 / Gauss-Kruger zone 8 (EPSG:28408, northing first), from the same splitmix64 sequence
 * that the C# side generates. */
#include <proj.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t state = 0x5DEECE66DULL;
static double next_unit(void) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s N output.bin pipeline\n", argv[0]); return 2; }
    long n = atol(argv[1]);
    double *x = malloc(n * sizeof(double)), *y = malloc(n * sizeof(double));
    for (long i = 0; i < n; i++) {
        x[i] = 4300000 + 550000 * next_unit(); /* northing */
        y[i] = 8280000 + 440000 * next_unit(); /* easting */
    }
    PJ_CONTEXT *ctx = proj_context_create();
    PJ *p = proj_create(ctx, argv[3]);
    if (!p) { fprintf(stderr, "bad pipeline\n"); return 1; }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    proj_trans_generic(p, PJ_FWD, x, sizeof(double), n, y, sizeof(double), n, NULL, 0, 0, NULL, 0, 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
    printf("PROJ %s: %ld points in %.3f s = %.0f points/s\n", proj_info().version, n, seconds, n / seconds);
    FILE *f = fopen(argv[2], "wb");
    fwrite(x, sizeof(double), n, f);
    fwrite(y, sizeof(double), n, f);
    fclose(f);
    proj_destroy(p);
    proj_context_destroy(ctx);
    return 0;
}

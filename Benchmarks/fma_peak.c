// The machine's fused multiply-add peak, for the benchmark's compute bound.
//
// healthcal-bench measures multiply-add throughput as Swift compiles the
// library (baseline x86-64: SSE2, no FMA). This measures what the hardware
// can do with every vector extension it has: compiled with -O2 -march=native,
// twelve independent 512-bit (or widest available) accumulators updated with
// a = a * b + c, which GCC and Clang contract into one FMA instruction.
//
//   cc -O2 -march=native -pthread Benchmarks/fma_peak.c -o .build/fma-peak && .build/fma-peak [threads]
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef double v8d __attribute__((vector_size(64)));
enum { ITERATIONS = 200000000, LANES = 8, ACCUMULATORS = 12 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *kernel(void *out) {
  // Values through volatile and an empty asm per iteration stop the compiler
  // from folding or hoisting the loop; neither costs an instruction in it.
  volatile double vb = 0.999999, vc = 1e-6;
  v8d b = {0}, c = {0}, one = {0};
  for (int l = 0; l < LANES; l++) { b[l] = vb; c[l] = vc; one[l] = 1; }
  // Named accumulators stay in registers; twelve hide the FMA latency.
  v8d a0 = one, a1 = one, a2 = one, a3 = one, a4 = one, a5 = one;
  v8d a6 = one, a7 = one, a8 = one, a9 = one, a10 = one, a11 = one;
  for (long i = 0; i < ITERATIONS; i++) {
    a0 = a0 * b + c; a1 = a1 * b + c; a2 = a2 * b + c; a3 = a3 * b + c;
    a4 = a4 * b + c; a5 = a5 * b + c; a6 = a6 * b + c; a7 = a7 * b + c;
    a8 = a8 * b + c; a9 = a9 * b + c; a10 = a10 * b + c; a11 = a11 * b + c;
    __asm__ volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4), "+v"(a5),
                          "+v"(a6), "+v"(a7), "+v"(a8), "+v"(a9), "+v"(a10), "+v"(a11));
  }
  v8d total = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
  double sum = 0;
  for (int l = 0; l < LANES; l++) sum += total[l];
  *(double *)out = sum;
  return NULL;
}

static double rate(int threads) {
  pthread_t ids[64];
  double sinks[64];
  double start = now();
  for (int t = 0; t < threads; t++) pthread_create(&ids[t], NULL, kernel, &sinks[t]);
  for (int t = 0; t < threads; t++) pthread_join(ids[t], NULL);
  double elapsed = now() - start;
  return (double)ITERATIONS * ACCUMULATORS * LANES * threads / elapsed;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 2;
  if (threads < 1 || threads > 64) threads = 2;
  double one = rate(1), all = rate(threads);
  printf("fma-peak  fused Double FMA, -march=native: %.2f G/s one core, %.2f G/s %d cores\n", one / 1e9, all / 1e9, threads);
  printf("%.6e %.6e\n", one, all);
  return 0;
}

/*
 * Task hand-out shared by every thread. The claim word packs the job's generation (8 bits), its task
 * count (12 bits) and the next unclaimed task (12 bits), so a thread that read a stale word can never
 * claim a task of a later job: its compare-and-swap fails once JavaScript publishes the next
 * generation. JavaScript waits until `finished` equals the task count before reusing the block; the
 * thread that finishes the last task notifies that word, so the waiting thread may sleep on it.
 */
#include "common.h"

void task_conv_gemm(const Job* job, int task, int tid);
void task_winograd(const Job* job, int task, int tid);
void task_depthwise(const Job* job, int task, int tid);
void task_elementwise(const Job* job, int task, int tid);
void task_pool(const Job* job, int task, int tid);
void task_global_pool(const Job* job, int task, int tid);
void task_matmul(const Job* job, int task, int tid);
void task_conv_transpose(const Job* job, int task, int tid);
void task_lrn(const Job* job, int task, int tid);
void task_softmax(const Job* job, int task, int tid);
void task_resize(const Job* job, int task, int tid);
void task_depthwise_c4(const Job* job, int task, int tid);
void task_depthwise_s2(const Job* job, int task, int tid);

static void run_task(const Job* job, int task, int tid) {
  switch (job->kind) {
    case JOB_CONV_GEMM: task_conv_gemm(job, task, tid); break;
    case JOB_WINOGRAD: task_winograd(job, task, tid); break;
    case JOB_DEPTHWISE: task_depthwise(job, task, tid); break;
    case JOB_ELEMENTWISE: task_elementwise(job, task, tid); break;
    case JOB_POOL: task_pool(job, task, tid); break;
    case JOB_GLOBAL_POOL: task_global_pool(job, task, tid); break;
    case JOB_MATMUL: task_matmul(job, task, tid); break;
    case JOB_CONV_TRANSPOSE: task_conv_transpose(job, task, tid); break;
    case JOB_LRN: task_lrn(job, task, tid); break;
    case JOB_SOFTMAX: task_softmax(job, task, tid); break;
    case JOB_RESIZE: task_resize(job, task, tid); break;
    case JOB_DEPTHWISE_C4: task_depthwise_c4(job, task, tid); break;
    case JOB_DEPTHWISE_S2: task_depthwise_s2(job, task, tid); break;
    default: break;
  }
}

/* Runs tasks of the job whose generation is `gen` until none are left; returns how many it ran. */
EXPORT(run_tasks) int run_tasks(Job* job, int gen, int tid) {
  int ran = 0;
  for (;;) {
    int v = __atomic_load_n(&job->claim, __ATOMIC_ACQUIRE);
    if (((v >> 24) & 0xff) != (gen & 0xff)) return ran;
    int ntasks = (v >> 12) & 0xfff;
    int next = v & 0xfff;
    if (next >= ntasks) return ran;
    if (!__atomic_compare_exchange_n(&job->claim, &v, v + 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) continue;
    run_task(job, next, tid);
    int done = __atomic_fetch_add(&job->finished, 1, __ATOMIC_ACQ_REL) + 1;
#ifdef __wasm_atomics__
    /* The last task wakes the publishing thread if it went to sleep waiting (Atomics.wait). */
    if (done == ntasks) __builtin_wasm_memory_atomic_notify(&job->finished, 1);
#else
    (void)done;
#endif
    ran++;
  }
}

package dev.awskit.benchmarks.storage;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * {@link SyncPlanBenchmark}'s work measured in CPU time of the planning thread rather than wall
 * time: entries per CPU-second is "entries/s per core" even on a machine whose cores are shared
 * with other work, where JMH's wall-clock scores mostly measure the competition.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.awskit.benchmarks.storage.SyncPlanCpu [rounds]
 * </pre>
 */
public final class SyncPlanCpu {
    private SyncPlanCpu() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int n : new int[] {10_000, 1_000_000}) {
            SyncPlanBenchmark.Listings l = n == 10_000 ? new SyncPlanBenchmark.Small() : new SyncPlanBenchmark.Large();
            l.build(n);
            int reps = Math.max(1, 2_000_000 / n);
            for (int r = 0; r < rounds; r++) {
                long cpu0 = mx.getCurrentThreadCpuTime();
                long alloc0 = allocated();
                long sum = 0;
                for (int i = 0; i < reps; i++) {
                    sum += SyncPlanBenchmark.runPlan(l).copies;
                }
                long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                long alloc = allocated() - alloc0;
                double entries = 2.0 * n * reps;
                System.out.printf(
                        Locale.ROOT,
                        "n=%,d round %d: %.2f M entries per CPU-second, %.3f bytes/entry (%d)%n",
                        n,
                        r + 1,
                        entries / (cpu / 1e9) / 1e6,
                        alloc / entries,
                        sum);
            }
        }
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}

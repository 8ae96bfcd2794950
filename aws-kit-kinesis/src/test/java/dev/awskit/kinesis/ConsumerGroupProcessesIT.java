package dev.awskit.kinesis;

import static dev.awskit.kinesis.KinesisRoundTripIT.newStream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.Servers;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.TestResources;
import dev.awskit.testing.UsesServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two consumer-group workers in separate JVMs share a 4-shard stream (kinesis-mock) with leases in
 * moto's DynamoDB; one is killed (SIGKILL) mid-run, a shard is split mid-run, and every one of
 * 100,000 records (KPL-aggregated by our producer) is processed at least once. Duplicates are
 * counted and must all come from a batch that was the last one its worker processed on that shard
 * (the only records after a checkpoint, since the workers checkpoint after every batch).
 */
@UsesServer({Service.KINESIS, Service.DYNAMODB})
class ConsumerGroupProcessesIT {
    private static final int TOTAL = 100_000;

    @TempDir
    Path dir;

    /** A worker JVM and what it printed. */
    private static final class Worker implements AutoCloseable {
        final String id;
        final Process process;
        final Path out;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Writer stdin;

        Worker(String id, Process process, Path out) {
            this.id = id;
            this.process = process;
            this.out = out;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread t = new Thread(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process died
                }
            });
            t.setDaemon(true);
            t.start();
        }

        Set<String> held() {
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i);
                if (l.startsWith("HELD [")) {
                    return shardsIn(l);
                }
            }
            return Set.of();
        }

        Set<String> everHeld() {
            Set<String> all = new HashSet<>();
            for (String l : lines) {
                if (l.startsWith("HELD [")) {
                    all.addAll(shardsIn(l));
                }
            }
            return all;
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private Worker start(Servers servers, String group, String stream, String id) throws IOException {
        Target kinesis = servers.target(Service.KINESIS);
        Target dynamo = servers.target(Service.DYNAMODB);
        Path out = dir.resolve(id + ".txt");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:+UseSerialGC",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-cp",
                        System.getProperty("java.class.path"),
                        GroupWorkerMain.class.getName(),
                        group,
                        stream,
                        id,
                        out.toString())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("AWSKIT_GROUP_REGION", kinesis.region());
        // one pair for both: kinesis-mock accepts any credentials; moto's (or the IT endpoint's) are these
        env.put("AWSKIT_GROUP_ACCESS_KEY", dynamo.accessKey());
        env.put("AWSKIT_GROUP_SECRET_KEY", dynamo.secretKey());
        env.put("AWSKIT_GROUP_KINESIS", kinesis.endpoint().toString());
        env.put("AWSKIT_GROUP_DYNAMODB", dynamo.endpoint().toString());
        return new Worker(id, pb.start(), out);
    }

    /** number -> how often processed, over the output files. */
    private static Map<Integer, Integer> counts(List<Worker> workers) {
        Map<Integer, Integer> seen = new HashMap<>();
        for (Worker w : workers) {
            for (String line : readLines(w.out)) {
                if (line.startsWith("#")) {
                    continue; // "#HELD [...]": the shards held from here on
                }
                String[] parts = line.split(" ");
                for (int i = 1; i < parts.length; i++) {
                    seen.merge(Integer.parseInt(parts[i]), 1, Integer::sum);
                }
            }
        }
        return seen;
    }

    /**
     * The records processed twice that at-least-once delivery does not explain. A worker that stops
     * holding a shard (killed, or its lease taken while both ran) has processed some records after
     * its last checkpoint, and the next holder reads them again from that checkpoint: so in every
     * holding of a shard by a worker (its batches between two "#HELD" markers of its output) the
     * records processed twice form a tail. Any other record processed twice is returned.
     */
    static Set<Integer> unexplainedDuplicates(List<List<String>> outputs, Map<Integer, Integer> seen) {
        Set<Integer> twice = new HashSet<>();
        seen.forEach((n, c) -> {
            if (c > 1) {
                twice.add(n);
            }
        });
        Set<Integer> inTails = new HashSet<>();
        for (List<String> output : outputs) {
            Map<String, List<Integer>> holding = new HashMap<>();
            for (String line : output) {
                if (line.startsWith("#HELD [")) {
                    Set<String> nowHeld = shardsIn(line);
                    holding.entrySet().removeIf(e -> {
                        if (nowHeld.contains(e.getKey())) {
                            return false;
                        }
                        inTails.addAll(tailOf(e.getValue(), twice)); // this holding ended here
                        return true;
                    });
                    continue;
                }
                List<Integer> records =
                        holding.computeIfAbsent(line.substring(0, line.indexOf(' ')), k -> new ArrayList<>());
                addRecords(line, records);
            }
            holding.values().forEach(h -> inTails.addAll(tailOf(h, twice)));
        }
        Set<Integer> unexplained = new HashSet<>(twice);
        unexplained.removeAll(inTails);
        return unexplained;
    }

    @Test
    void theDuplicateCheck_acceptsTheTailsOfEndedHoldings_andNothingElse() {
        // worker-a holds shard 3, processes 1-10, loses it to worker-b after checkpointing 5;
        // worker-b reads 6-20 and is killed after checkpointing 15; worker-a takes it again: 16-25
        List<String> a = List.of(
                "#HELD [s3]",
                "s3 1 2 3",
                "s3 4 5",
                "s3 6 7 8 9 10",
                "#HELD []",
                "#HELD [s3]",
                "s3 16 17 18 19 20",
                "s3 21 22 23 24 25");
        List<String> b = List.of("#HELD [s3]", "s3 6 7 8 9 10", "s3 11 12 13 14 15", "s3 16 17 18 19 20");
        Map<Integer, Integer> seen = new HashMap<>();
        for (List<String> out : List.of(a, b)) {
            for (String l : out) {
                List<Integer> records = new ArrayList<>();
                if (!l.startsWith("#")) {
                    addRecords(l, records);
                }
                records.forEach(n -> seen.merge(n, 1, Integer::sum));
            }
        }
        assertThat(unexplainedDuplicates(List.of(a, b), seen)).isEmpty();

        // (the check before, the last batch of each worker per shard, rejected this run: 6-10 are
        // the end of worker-a's first holding, not of its last; CI failed on such a run, 2026-12-04)

        // the same, but worker-b also processed 2 again in the middle of its holding
        List<String> bAgain = List.of("#HELD [s3]", "s3 6 7 8 9 10", "s3 2", "s3 11 12 13 14 15", "s3 16 17 18 19 20");
        Map<Integer, Integer> seenAgain = new HashMap<>(seen);
        seenAgain.merge(2, 1, Integer::sum);
        assertThat(unexplainedDuplicates(List.of(a, bAgain), seenAgain)).containsExactly(2);
    }

    /** The shards of a worker's {@code HELD [a, b]} line (on its stdout, or {@code #HELD} in its output). */
    private static Set<String> shardsIn(String heldLine) {
        String inner = heldLine.substring(heldLine.indexOf('[') + 1, heldLine.length() - 1);
        return inner.isEmpty() ? Set.of() : Set.of(inner.split(", "));
    }

    private static boolean processedAny(Worker w) {
        return readLines(w.out).stream().anyMatch(l -> !l.startsWith("#"));
    }

    /** The longest run at the end of {@code records} whose records are all in {@code twice}. */
    private static List<Integer> tailOf(List<Integer> records, Set<Integer> twice) {
        int from = records.size();
        while (from > 0 && twice.contains(records.get(from - 1))) {
            from--;
        }
        return records.subList(from, records.size());
    }

    /** The record numbers of one output line ({@code shardId n1 n2 ...}). */
    private static void addRecords(String line, Collection<Integer> into) {
        String[] parts = line.split(" ");
        for (int i = 1; i < parts.length; i++) {
            into.add(Integer.parseInt(parts[i]));
        }
    }

    private static List<String> readLines(Path p) {
        try {
            if (!Files.exists(p)) {
                return List.of();
            }
            List<String> all = Files.readAllLines(p, StandardCharsets.UTF_8);
            // a killed worker may leave a half-written last line
            return all.isEmpty() || !Files.readString(p).endsWith("\n")
                    ? all.subList(0, Math.max(0, all.size() - 1))
                    : all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(String what, Duration max, Worker a, Worker b, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + " after " + max + "; worker-a printed "
                        + a.lines + ", worker-b printed " + b.lines + "; processed so far: "
                        + counts(List.of(a, b)).size());
            }
            ConsumerGroupIT.sleep(250);
        }
    }

    @Test
    void twoWorkerJvms_oneKilledMidRun_andASplit_processEveryRecordAtLeastOnce(
            AwsKit aws, Servers servers, TestResources res) throws Exception {
        KinesisStream stream = newStream(aws, res, 4);
        String group = res.name();
        GroupTables.deleteAfterwards(aws, res, group);

        try (Worker a = start(servers, group, stream.name(), "worker-a");
                Worker b = start(servers, group, stream.name(), "worker-b")) {
            // three phases, so records are still to come whatever the machine's speed: 30,000 before
            // both workers hold shards, 20,000 more until both processed some, 50,000 after the kill
            ConsumerGroupIT.send(aws, stream.name(), 0, 30_000);
            await(
                    "both workers hold shards",
                    Duration.ofSeconds(240),
                    a,
                    b,
                    () -> !a.held().isEmpty() && !b.held().isEmpty());
            ConsumerGroupIT.send(aws, stream.name(), 30_000, 50_000);
            await(
                    "both workers processed records",
                    Duration.ofSeconds(240),
                    a,
                    b,
                    () -> processedAny(a) && processedAny(b));
            Set<String> bHeld = b.held();

            b.process.destroyForcibly(); // SIGKILL: no graceful shutdown, no last checkpoint
            assertThat(b.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

            String toSplit = stream.openShards().get(0).shardId();
            stream.split(toSplit); // the parent is read to its end, then its children
            stream.awaitActive(Duration.ofMinutes(1));
            ConsumerGroupIT.send(aws, stream.name(), 50_000, TOTAL);

            await(
                    "every record processed",
                    Duration.ofSeconds(240),
                    a,
                    b,
                    () -> counts(List.of(a, b)).size() == TOTAL);
            // the survivor took the killed worker's shards, and the split's children
            assertThat(a.everHeld()).containsAll(bHeld);
            assertThat(a.everHeld()).as("the split's children").hasSizeGreaterThan(4);

            a.stdin.write("STOP\n");
            a.stdin.flush();
            assertThat(a.process.waitFor(
                            180, TimeUnit.SECONDS)) // close() allows two minutes for the graceful part, plus its join
                    .as("worker-a stops on STOP")
                    .isTrue();
            assertThat(a.lines).anySatisfy(l -> assertThat(l).startsWith("CLOSED ConsumerGroupReport{"));

            Map<Integer, Integer> seen = counts(List.of(a, b));
            for (int i = 0; i < TOTAL; i++) {
                assertThat(seen).as("record %d processed", i).containsKey(i);
            }
            List<Integer> duplicates = new ArrayList<>();
            seen.forEach((n, c) -> {
                if (c > 1) {
                    duplicates.add(n);
                }
            });
            System.out.println("[ConsumerGroupProcessesIT] " + TOTAL + " records, " + duplicates.size()
                    + " processed more than once (each at the end of a worker's holding of a shard); worker-b held "
                    + b.everHeld() + ", worker-a held " + a.everHeld());
            assertThat(unexplainedDuplicates(List.of(readLines(a.out), readLines(b.out)), seen))
                    .as("records processed twice that are not at the end of a worker's holding of a shard")
                    .isEmpty();
            assertThat(seen.values()).allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(2));
        }
    }
}

package dev.awskit.kinesis;

import dev.awskit.core.AwsKit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * One consumer-group worker in a JVM of its own, for {@link ConsumerGroupProcessesIT}. Arguments:
 * group, stream, worker id, output file; the kit's endpoints and credentials come in the environment
 * (never on the command line). Writes one line per batch, {@code <shard> <n> <n> ...}, flushed before
 * the handler returns (so a line means "processed"); prints {@code HELD [...]} whenever its shards
 * change; on a line {@code STOP} on stdin it closes gracefully and prints {@code CLOSED <report>}.
 */
public final class GroupWorkerMain {
    private GroupWorkerMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        String group = args[0];
        String stream = args[1];
        String workerId = args[2];
        Path out = Path.of(args[3]);
        AwsKit aws = AwsKit.builder()
                .region(System.getenv("AWSKIT_GROUP_REGION"))
                .credentials(System.getenv("AWSKIT_GROUP_ACCESS_KEY"), System.getenv("AWSKIT_GROUP_SECRET_KEY"))
                .endpoint("kinesis", System.getenv("AWSKIT_GROUP_KINESIS"))
                .endpoint("dynamodb", System.getenv("AWSKIT_GROUP_DYNAMODB"))
                .build();
        Writer w = Files.newBufferedWriter(
                out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ConsumerGroup g = Kinesis.of(aws).consumerGroup(group).stream(stream)
                .workerId(workerId)
                .failoverTime(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(200))
                .process(batch -> {
                    StringBuilder line = new StringBuilder(batch.get(0).shardId());
                    batch.forEach(r ->
                            line.append(' ').append(r.text().substring(r.text().indexOf('|') + 1)));
                    synchronized (w) {
                        try {
                            w.write(line.append('\n').toString());
                            w.flush();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                })
                .start();
        System.out.println("STARTED " + workerId);
        Thread watcher = new Thread(() -> {
            Set<String> last = Set.of();
            while (!Thread.currentThread().isInterrupted()) {
                Set<String> now = new TreeSet<>(g.report().shardsHeld());
                if (!now.equals(last)) {
                    System.out.println("HELD " + now);
                    // the same in the output, between the batches: where an ownership of a shard ends
                    synchronized (w) {
                        try {
                            w.write("#HELD " + now + "\n");
                            w.flush();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    last = now;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("STOP")) {
            // wait for STOP
        }
        watcher.interrupt();
        g.close();
        synchronized (w) {
            w.close();
        }
        System.out.println("CLOSED " + g.report());
        aws.close();
        System.exit(0);
    }
}

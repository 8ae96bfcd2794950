package dev.awskit.benchmarks.ecs;

import dev.awskit.ecs.TaskDefinitions;
import dev.awskit.ecs.ValidationReport;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validation time of a task definition holding one large value (issue 11: the placeholder expression
 * was quadratic on an unclosed {@code ${}, did-you-mean allocated a full edit-distance matrix). Time
 * should grow linearly with {@code size}: compare 65536, 1048576 and 5242880.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar ecs.LargeValueBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LargeValueBenchmark {
    @Param({"65536", "1048576", "5242880"})
    int size;

    /** unclosed-dollar-brace: an env value of "${${..."; long-log-driver: an unknown enum value. */
    @Param({"unclosed-dollar-brace", "long-log-driver"})
    String kind;

    String json;

    @Setup
    public void setup() {
        String big = kind.equals("unclosed-dollar-brace") ? "${".repeat(size / 2) : "d".repeat(size);
        String driver = kind.equals("long-log-driver") ? big : "awslogs";
        String env = kind.equals("unclosed-dollar-brace") ? big : "x";
        json = "{\"family\": \"web\", \"networkMode\": \"awsvpc\", \"requiresCompatibilities\": [\"FARGATE\"],"
                + " \"cpu\": \"256\", \"memory\": \"512\","
                + " \"executionRoleArn\": \"arn:aws:iam::123456789012:role/ecsTaskExecutionRole\","
                + " \"containerDefinitions\": [{\"name\": \"web\", \"image\": \"nginx:1.27\","
                + " \"readonlyRootFilesystem\": true, \"environment\": [{\"name\": \"A\", \"value\": \"" + env
                + "\"}], \"logConfiguration\": {\"logDriver\": \"" + driver + "\", \"options\": {"
                + "\"awslogs-group\": \"web\", \"awslogs-region\": \"us-east-1\", \"awslogs-stream-prefix\": \"web\"}}}]}";
    }

    @Benchmark
    public ValidationReport validate() {
        return TaskDefinitions.validate(json);
    }
}

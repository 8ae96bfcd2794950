package dev.awskit.benchmarks.ecs;

import dev.awskit.ecs.TaskDefinition;
import dev.awskit.ecs.TaskDefinitions;
import dev.awskit.ecs.ValidationReport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.ecs.model.ContainerCondition;

/**
 * Validation throughput on realistic task definitions (target: at least 10,000 per second on one
 * thread): a three-container Fargate service from JSON (parse + strict read + every rule), the same
 * from the model, and seed 003's task definition from JSON.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar ValidationBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ValidationBenchmark {
    String serviceJson;
    TaskDefinition service;
    String seed003Json;

    @Setup
    public void setup() {
        service = TaskDefinition.fargate("checkout")
                .cpu("2 vCPU")
                .memory("8 GB")
                .executionRole("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                .taskRole("arn:aws:iam::123456789012:role/checkout")
                .ephemeralStorage(40)
                .volume("tmp")
                .container(c -> c.name("app")
                        .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout:2.4.1")
                        .cpu(1536)
                        .memoryReservation(4096)
                        .port("http", 8080)
                        .env("SPRING_PROFILES_ACTIVE", "prod")
                        .env("CACHE_URL", "redis://cache.internal:6379")
                        .secret(
                                "DB_PASSWORD",
                                "arn:aws:secretsmanager:us-east-1:123456789012:secret:checkout-db-AbCdEf:password::")
                        .secret("API_TOKEN", "/prod/checkout/api-token")
                        .awslogs("checkout", "us-east-1")
                        .readonlyRootFilesystem(true)
                        .mount("tmp", "/tmp")
                        .healthCheckShell(
                                "curl -f http://localhost:8080/actuator/health || exit 1",
                                Duration.ofSeconds(15),
                                Duration.ofSeconds(5),
                                3,
                                Duration.ofSeconds(60))
                        .dependsOn("envoy", ContainerCondition.HEALTHY)
                        .dependsOn("migrate", ContainerCondition.SUCCESS))
                .container(c -> c.name("envoy")
                        .image("public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod")
                        .cpu(256)
                        .memoryReservation(512)
                        .port(9901)
                        .awslogs("checkout", "us-east-1")
                        .readonlyRootFilesystem(true)
                        .healthCheckShell("curl -s http://localhost:9901/server_info | grep state | grep -q LIVE"))
                .container(c -> c.name("migrate")
                        .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/checkout:2.4.1")
                        .essential(false)
                        .command("bin/migrate")
                        .memoryReservation(256)
                        .secret(
                                "DB_PASSWORD",
                                "arn:aws:secretsmanager:us-east-1:123456789012:secret:checkout-db-AbCdEf:password::")
                        .awslogs("checkout", "us-east-1")
                        .readonlyRootFilesystem(true))
                .build();
        serviceJson = service.toJson();
        seed003Json = "{\"containerDefinitions\": [{\"name\": \"nginx\", \"image\":"
                + " \"514778609496.dkr.ecr.us-east-2.amazonaws.com/dockerzon/nginx\", \"portMappings\":"
                + " [{\"containerPort\": 80, \"hostPort\": 80}], \"links\": [\"dockerzon:dockerzon\"], \"volumesFrom\":"
                + " [{\"sourceContainer\": \"dockerzon\"}], \"cpu\": 256, \"memory\": 100}, {\"name\": \"dockerzon\","
                + " \"image\": \"514778609496.dkr.ecr.us-east-2.amazonaws.com/dockerzon/dockerzon\", \"portMappings\":"
                + " [{\"containerPort\": 8000, \"hostPort\": 8000}], \"cpu\": 768, \"memory\": 300, \"environment\": ["
                + "{\"name\": \"RAILS_ENV\", \"value\": \"production\"}, {\"name\": \"DATABASE_URL\", \"value\":"
                + " \"postgresql://u:p@db.example:5432/app\"}, {\"name\": \"SECRET_TOKEN\", \"value\": \"x\"}]}],"
                + " \"family\": \"web\"}";
        if (!TaskDefinitions.validate(serviceJson).findings().isEmpty()) {
            throw new IllegalStateException(
                    "benchmark input should be clean: " + TaskDefinitions.validate(serviceJson));
        }
    }

    @Benchmark
    public ValidationReport fargateServiceFromJson() {
        return TaskDefinitions.validate(serviceJson);
    }

    @Benchmark
    public ValidationReport fargateServiceFromModel() {
        return TaskDefinitions.validate(service);
    }

    @Benchmark
    public ValidationReport seed003FromJson() {
        return TaskDefinitions.validate(seed003Json);
    }
}

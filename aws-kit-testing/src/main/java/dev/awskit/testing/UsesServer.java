package dev.awskit.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs a server for each of the {@link #value() services} it names.
 * Test methods and constructors may then take an {@link dev.awskit.core.AwsKit} (pointed at every
 * named service's server, closed after the test), a {@link dev.awskit.testing.Target} (the
 * <em>first</em> named service's), {@link Servers} (every service's: {@code
 * servers.target(Service.KINESIS)}) and a {@link TestResources} (unique names, cleanup).
 *
 * <p>In your own project (not this repository), add the test dependency
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.awskit</groupId>
 *   <artifactId>aws-kit-testing</artifactId>
 *   <version>${aws-kit.version}</version>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 *
 * and write, for example:
 *
 * <pre>{@code
 * import dev.awskit.core.AwsKit;
 * import dev.awskit.testing.Servers;
 * import dev.awskit.testing.Service;
 * import dev.awskit.testing.TestResources;
 * import dev.awskit.testing.UsesServer;
 * import org.junit.jupiter.api.Test;
 * import software.amazon.awssdk.services.s3.S3Client;
 * import software.amazon.awssdk.services.kinesis.KinesisClient;
 *
 * @UsesServer({Service.S3, Service.KINESIS})
 * class ArchiverIT {
 *     @Test
 *     void archiver_copiesEveryRecordToS3(AwsKit aws, Servers servers, TestResources res) {
 *         String bucket = res.bucketName();
 *         aws.client(S3Client.class).createBucket(r -> r.bucket(bucket));
 *         res.afterwards(() -> aws.client(S3Client.class).deleteBucket(r -> r.bucket(bucket)));
 *         String stream = res.name();
 *         aws.client(KinesisClient.class).createStream(r -> r.streamName(stream).shardCount(1));
 *         // ... the code under test, with aws (or servers.target(Service.S3).endpoint())
 *     }
 * }
 * }</pre>
 *
 * <p>The server of each service is, in this order: {@code AWSKIT_IT_ENDPOINT} (LocalStack, moto,
 * real AWS; every service); a running LocalStack when {@code AWSKIT_LOCALSTACK_REUSE=true}; the
 * servers {@code scripts/emulators start} runs in the aws-kit repository (or those a file named
 * by {@code AWSKIT_EMULATORS_FILE} lists); a LocalStack container (S3, Kinesis) when Docker is
 * available. See {@link Targets}.
 *
 * <p>When a service has no server the tests are skipped with a reason that names every such
 * service, why, and how to start one (e.g. {@code moto_server -p 5000} then {@code
 * AWSKIT_IT_ENDPOINT=http://localhost:5000}); under {@code CI=true} they fail instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(ServerExtension.class)
public @interface UsesServer {
    /** The services the tests need; a {@code Target} parameter gets the first one's target. */
    Service[] value();

    /**
     * The LocalStack image for a container (S3, Kinesis when no other server is found), e.g.
     * {@code "localstack/localstack:4.4.0"}; pin a tag. Empty: the system property {@code
     * awskit.localstack.image}, else the environment variable {@code AWSKIT_LOCALSTACK_IMAGE},
     * else {@link Targets#LOCALSTACK_IMAGE}.
     */
    String localStackImage() default "";
}

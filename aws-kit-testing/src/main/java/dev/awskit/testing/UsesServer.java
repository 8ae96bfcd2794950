package dev.awskit.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs a server for {@link #value()}. Test methods and constructors may
 * then take an {@link dev.awskit.core.AwsKit} (pointed at the server, closed after the test), a
 * {@link dev.awskit.testing.Target} and a {@link TestResources} (unique names, cleanup).
 *
 * <pre>{@code
 * @UsesServer(Service.S3)
 * class SyncIT {
 *     @Test
 *     void sync_copiesEveryFile(AwsKit aws, TestResources res) {
 *         String bucket = res.bucketName();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>When no server is found the tests are skipped with the reason; under {@code CI=true} they
 * fail instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(ServerExtension.class)
public @interface UsesServer {
    Service value();
}

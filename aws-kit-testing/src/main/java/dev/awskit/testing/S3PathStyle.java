package dev.awskit.testing;

import dev.awskit.core.spi.ClientCustomizer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;

/**
 * Path-style S3 addressing for a kit pointed at a test server: S3Proxy, LocalStack and moto do not
 * serve virtual-host buckets ({@code bucket.localhost}). The S3 module is the user's dependency,
 * not ours, so the setter is found on its public builder interface at run time.
 */
final class S3PathStyle implements ClientCustomizer {
    static final S3PathStyle INSTANCE = new S3PathStyle();

    private S3PathStyle() {}

    @Override
    public void customize(AwsClientBuilder<?, ?> builder, Context context) {
        if (!context.service().equals("s3") || context.endpoint().isEmpty()) {
            return;
        }
        try {
            // the public interface's method: the builder's own class is package-private
            Class<?> s3 = Class.forName(
                    "software.amazon.awssdk.services.s3.S3BaseClientBuilder",
                    false,
                    builder.getClass().getClassLoader());
            if (s3.isInstance(builder)) {
                Method m = s3.getMethod("forcePathStyle", Boolean.class);
                m.invoke(builder, Boolean.TRUE);
            }
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("cannot turn on path-style for the S3 client of a test server: " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "cannot turn on path-style for the S3 client of a test server: " + e.getCause(), e.getCause());
        }
    }
}

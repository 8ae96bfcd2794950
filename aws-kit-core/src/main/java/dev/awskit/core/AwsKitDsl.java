package dev.awskit.core;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Static imports that make a JShell script read like the CLI commands it replaces:
 *
 * <pre>{@code
 * import static dev.awskit.core.AwsKitDsl.*;
 * var aws = kit(b -> b.profile("dev"));
 * aws.region();
 * seconds(30);
 * }</pre>
 */
public final class AwsKitDsl {
    private AwsKitDsl() {}

    /** {@link AwsKit#create()}. */
    public static AwsKit kit() {
        return AwsKit.create();
    }

    /** A kit configured by {@code config}: {@code kit(b -> b.profile("dev").region("us-west-2"))}. */
    public static AwsKit kit(Consumer<AwsKit.Builder> config) {
        AwsKit.Builder b = AwsKit.builder();
        config.accept(b);
        return b.build();
    }

    /** A kit for one named profile. */
    public static AwsKit profile(String name) {
        return AwsKit.builder().profile(name).build();
    }

    public static Arn arn(String value) {
        return Arn.parse(value);
    }

    public static Duration millis(long n) {
        return Duration.ofMillis(n);
    }

    public static Duration seconds(long n) {
        return Duration.ofSeconds(n);
    }

    public static Duration minutes(long n) {
        return Duration.ofMinutes(n);
    }

    public static Duration hours(long n) {
        return Duration.ofHours(n);
    }

    /** A console progress bar on standard error. */
    public static ProgressListener progressBar() {
        return ProgressListener.console();
    }
}

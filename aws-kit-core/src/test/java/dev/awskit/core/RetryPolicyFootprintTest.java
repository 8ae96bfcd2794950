package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A step that succeeds at once must not load Resilience4j: a short-lived command (an image re-copy
 * run from a CI step) loaded its 31 classes and 17 lambda classes on every run (aws-kit-ecr's
 * README, "Performance"). The policy's classes and Resilience4j's are loaded afresh, child first, in a
 * class loader of their own, which records every Resilience4j class it defines.
 */
class RetryPolicyFootprintTest {

    @Test
    void aStepThatSucceedsAtOnce_loadsNoResilience4j() throws Exception {
        try (Isolated kit = new Isolated()) {
            Object result = kit.execute("GetObject my-bucket/a.txt", () -> "ok");

            assertThat(result).isEqualTo("ok");
            assertThat(kit.resilience4jDefined).isEmpty();
        }
    }

    @Test
    void aStepThatIsRetried_runsItsRetriesOnResilience4j() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (Isolated kit = new Isolated()) {
            Object result = kit.execute("PutRecords to my-event-dev", () -> {
                if (calls.incrementAndGet() < 3) {
                    throw AwsErrorsTest.service("SlowDown", 503, "Please reduce your request rate.");
                }
                return "ok";
            });

            assertThat(result).isEqualTo("ok");
            assertThat(calls).hasValue(3);
            // the same check as above, seen to fail when Resilience4j is used
            assertThat(kit.resilience4jDefined).contains(Retry.class.getName());
        }
    }

    @Test
    void aStepThatFailsForGood_loadsNoResilience4j() throws Exception {
        try (Isolated kit = new Isolated()) {
            Object failure = kit.executeExpectingFailure("GetObject my-bucket/a.txt", () -> {
                throw AwsErrorsTest.service("AccessDenied", 403, "Access Denied");
            });

            assertThat(failure.getClass().getName()).isEqualTo(AwsKitException.class.getName());
            assertThat(((RuntimeException) failure).getMessage())
                    .isEqualTo("GetObject my-bucket/a.txt failed: AccessDenied (403): Access Denied");
            assertThat(kit.resilience4jDefined).isEmpty();
        }
    }

    /** aws-kit-core and Resilience4j loaded child first; the SDK and the JDK from the test's loader. */
    private static final class Isolated extends URLClassLoader {
        final List<String> resilience4jDefined = new CopyOnWriteArrayList<>();

        Isolated() throws URISyntaxException, MalformedURLException {
            super(
                    new URL[] {location(RetryPolicy.class), location(Retry.class), location(IntervalBiFunction.class)},
                    RetryPolicyFootprintTest.class.getClassLoader());
        }

        private static URL location(Class<?> c) throws URISyntaxException, MalformedURLException {
            return c.getProtectionDomain().getCodeSource().getLocation().toURI().toURL();
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            boolean ours = name.startsWith("dev.awskit.core.") && !name.endsWith("Test")
                    || name.startsWith("io.github.resilience4j.");
            if (!ours) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                    if (name.startsWith("io.github.resilience4j.")) {
                        resilience4jDefined.add(name);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        Object execute(String operation, Supplier<Object> step) throws Exception {
            Class<?> policy = loadClass(RetryPolicy.class.getName());
            assertThat(policy.getClassLoader()).isSameAs(this);
            Object fast = policy.getMethod("builder").invoke(null);
            Class<?> builder = fast.getClass();
            builder.getMethod("baseDelay", Duration.class).invoke(fast, Duration.ofMillis(1));
            builder.getMethod("maxDelay", Duration.class).invoke(fast, Duration.ofMillis(2));
            Object built = builder.getMethod("build").invoke(fast);
            Method execute = policy.getMethod("execute", String.class, Supplier.class);
            return execute.invoke(built, operation, step);
        }

        Object executeExpectingFailure(String operation, Supplier<Object> step) throws Exception {
            try {
                execute(operation, step);
            } catch (InvocationTargetException e) {
                return e.getCause();
            }
            throw new AssertionError("the step's failure did not reach the caller");
        }
    }
}

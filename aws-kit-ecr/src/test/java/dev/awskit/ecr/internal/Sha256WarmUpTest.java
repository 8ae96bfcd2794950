package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.testing.internal.ChildFirstLoader;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The SHA-256 warm-up a copy starts (its effect on a fresh JVM is measured in the module README,
 * not here): one daemon thread per JVM, stopped by a re-copy. {@link DigestingInputStream} is
 * loaded afresh in a class loader of its own, so that the once-per-JVM state is new whatever other
 * tests of this JVM copied before.
 */
class Sha256WarmUpTest {
    @Test
    void theWarmUp_isOneDaemonThreadPerJvm_andEndsWhenStopped() throws Exception {
        try (ChildFirstLoader fresh = new ChildFirstLoader(
                name -> name.startsWith("dev.awskit.ecr.") && !name.endsWith("Test"), DigestingInputStream.class)) {
            Thread first = (Thread) call(fresh, "startWarmUp");
            Object second = call(fresh, "startWarmUp");

            assertThat(first).isNotNull();
            assertThat(first.getName()).isEqualTo("aws-kit-sha256-warm-up");
            assertThat(first.isDaemon()).isTrue();
            assertThat(second).isNull();

            call(fresh, "stopWarmUp");
            first.join(30_000);
            assertThat(first.isAlive()).isFalse();
        }
    }

    private static Object call(ChildFirstLoader fresh, String method) throws Exception {
        Class<?> c = fresh.loadClass(DigestingInputStream.class.getName());
        assertThat(c.getClassLoader()).isSameAs(fresh);
        Method m = c.getDeclaredMethod(method);
        m.setAccessible(true);
        return m.invoke(null);
    }
}

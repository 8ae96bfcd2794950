package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
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
        try (Fresh fresh = new Fresh()) {
            Thread first = (Thread) fresh.call("startWarmUp");
            Object second = fresh.call("startWarmUp");

            assertThat(first).isNotNull();
            assertThat(first.getName()).isEqualTo("aws-kit-sha256-warm-up");
            assertThat(first.isDaemon()).isTrue();
            assertThat(second).isNull();

            fresh.call("stopWarmUp");
            first.join(30_000);
            assertThat(first.isAlive()).isFalse();
        }
    }

    /** This module's classes loaded child first. */
    private static final class Fresh extends URLClassLoader {
        Fresh() throws Exception {
            super(
                    new URL[] {
                        DigestingInputStream.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI()
                                .toURL()
                    },
                    Sha256WarmUpTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.awskit.ecr.") || name.endsWith("Test")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        Object call(String method) throws Exception {
            Class<?> c = loadClass(DigestingInputStream.class.getName());
            assertThat(c.getClassLoader()).isSameAs(this);
            Method m = c.getDeclaredMethod(method);
            m.setAccessible(true);
            return m.invoke(null);
        }
    }
}

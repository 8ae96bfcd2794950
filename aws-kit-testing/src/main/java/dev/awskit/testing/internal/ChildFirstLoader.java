package dev.awskit.testing.internal;

import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * For footprint tests (what a code path loads) and for tests of once-per-JVM state: loads the
 * classes {@code isolated} accepts afresh, child first, from the code sources of the given classes,
 * and records every class it defines; everything else comes from the test's own class loader. Not a
 * supported API of aws-kit-testing.
 */
public final class ChildFirstLoader extends URLClassLoader {
    private final Predicate<String> isolated;
    private final List<String> defined = new CopyOnWriteArrayList<>();

    /**
     * @param isolated which class names are loaded afresh (the others are the test's)
     * @param codeSources classes whose jar or classes folder the fresh classes come from
     */
    public ChildFirstLoader(Predicate<String> isolated, Class<?>... codeSources) {
        super(urls(codeSources), ChildFirstLoader.class.getClassLoader());
        this.isolated = isolated;
    }

    private static URL[] urls(Class<?>[] codeSources) {
        URL[] urls = new URL[codeSources.length];
        for (int i = 0; i < codeSources.length; i++) {
            try {
                urls[i] = codeSources[i]
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI()
                        .toURL();
            } catch (URISyntaxException | MalformedURLException e) {
                throw new IllegalArgumentException("no code source for " + codeSources[i], e);
            }
        }
        return urls;
    }

    /** The names of the classes this loader defined, in the order it defined them. */
    public List<String> defined() {
        return List.copyOf(defined);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!isolated.test(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
                defined.add(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}

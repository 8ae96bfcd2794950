package dev.awskit.testing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Uses every public value builder of a module the way a user's reflection would (a JSON mapper, a
 * JShell completion, a framework binding): it finds the builders by scanning the module's compiled
 * public packages (never {@code internal}), then calls each public setter and {@code build()} with
 * plain {@link Method#invoke} — no {@code setAccessible}. A builder that inherits its setters from a
 * package-private class fails here with {@link IllegalAccessException}, as it would for a user.
 *
 * <p>A builder is found in two ways: a public abstract type (an Immutables value) with a public
 * static no-argument method returning a class with a public {@code build()} that returns the type;
 * or a public class with a public no-argument constructor and a public {@code build()} returning a
 * public abstract type (a generated top-level builder). Setters are the builder's public instance
 * methods that return the builder (shortcuts without arguments, like {@code deleteOld()}, too).
 *
 * <p>Strict builders reject a second write of one attribute, so each builder is used twice over:
 * once with one setter per attribute, then once per remaining overload (a fresh builder each time,
 * that overload in place of the attribute's first setter).
 */
public final class BuilderProbe {
    private static final int MAX_DEPTH = 4;

    private final Map<Class<?>, Object> samples = new HashMap<>();
    private final Map<String, Object> attributeSamples = new HashMap<>();
    private final Map<Class<?>, Class<?>> builders = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();

    private BuilderProbe() {}

    /** A probe of the public packages of the module (jar or classes folder) that holds {@code anchor}. */
    public static BuilderProbe of(Class<?> anchor) {
        BuilderProbe p = new BuilderProbe();
        p.scan(anchor);
        return p;
    }

    /** Uses {@code value} wherever a setter takes a {@code type}. */
    public <T> BuilderProbe sample(Class<T> type, T value) {
        samples.put(type, value);
        return this;
    }

    /** Uses {@code value} for the attribute {@code attribute} of the value type {@code type} (a format it checks). */
    public BuilderProbe sample(Class<?> type, String attribute, Object value) {
        attributeSamples.put(type.getName() + "." + attribute, value);
        return this;
    }

    /** The value types found with a public builder, by name. */
    public List<String> valueTypes() {
        return builders.keySet().stream().map(Class::getName).sorted().toList();
    }

    /** Runs every builder; returns what failed (empty when every setter and build() worked). */
    public List<String> run() {
        failures.clear();
        calls.clear();
        for (Map.Entry<Class<?>, Class<?>> e : builders.entrySet()) {
            probe(e.getKey(), e.getValue());
        }
        return List.copyOf(failures);
    }

    /** The setters called by the last {@link #run()}, as {@code Builder.setter(Type)}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    private void probe(Class<?> value, Class<?> builder) {
        List<Method> setters = setters(builder);
        Map<String, Method> primary = primary(setters);
        try {
            build(value, builder, primary, null, 0);
        } catch (ProbeFailure f) {
            failures.add(f.getMessage());
            return;
        }
        for (Method m : setters) {
            if (m.equals(primary.get(attribute(m)))) {
                continue;
            }
            try {
                if (m.getParameterCount() == 0) {
                    // a shortcut (deleteOld() for deleteOld(true)): which attribute it writes is not in
                    // its name, so it runs alone on a fresh builder with the required attributes only
                    build(value, builder, required(value, builder, primary), m, 0);
                } else {
                    build(value, builder, primary, m, 0);
                }
            } catch (ProbeFailure f) {
                failures.add(f.getMessage());
            }
        }
    }

    /**
     * Writes each attribute twice (the same setter with the same sample) and returns the setters whose
     * second write was accepted: a strict builder throws {@link IllegalStateException} naming the
     * attribute. Collections ({@code add*}, {@code put*}) add, so they are not asked.
     */
    public List<String> secondWritesAccepted() {
        List<String> accepted = new ArrayList<>();
        for (Map.Entry<Class<?>, Class<?>> e : builders.entrySet()) {
            Class<?> value = e.getKey();
            for (Method m : primary(setters(e.getValue())).values()) {
                if (m.getParameterCount() == 0 || !attribute(m).equals(m.getName())) {
                    continue;
                }
                Object builder;
                Object[] args = new Object[m.getParameterCount()];
                try {
                    builder = newBuilder(value, e.getValue());
                    for (int i = 0; i < args.length; i++) {
                        args[i] = sample(value, attribute(m), m.getGenericParameterTypes()[i], 0);
                    }
                    invoke(m, builder, args, value);
                } catch (ProbeFailure f) {
                    accepted.add(f.getMessage());
                    continue;
                }
                try {
                    m.invoke(builder, args);
                    accepted.add(describe(m));
                } catch (InvocationTargetException ex) {
                    if (!(ex.getCause() instanceof IllegalStateException)
                            || ex.getCause().getMessage() == null
                            || !ex.getCause().getMessage().contains(m.getName())) {
                        accepted.add(describe(m) + " threw " + ex.getCause() + " instead of an IllegalStateException"
                                + " naming the attribute");
                    }
                } catch (IllegalAccessException ex) {
                    accepted.add(describe(m) + " is not callable by reflection: " + ex.getMessage());
                }
            }
        }
        return accepted;
    }

    private static Map<String, Method> primary(List<Method> setters) {
        Map<String, Method> primary = new LinkedHashMap<>();
        for (Method m : setters) {
            if (m.getParameterCount() > 0) {
                primary.merge(attribute(m), m, (a, b) -> preference(a) <= preference(b) ? a : b);
            }
        }
        return primary;
    }

    /** The primaries that a bare builder's build() asks for (those it names as not set). */
    private Map<String, Method> required(Class<?> value, Class<?> builder, Map<String, Method> primary) {
        Map<String, Method> required = new LinkedHashMap<>();
        try {
            newBuilder(value, builder).getClass().getMethod("build").invoke(newBuilder(value, builder));
        } catch (InvocationTargetException e) {
            String message = String.valueOf(e.getCause().getMessage());
            primary.forEach((name, m) -> {
                if (message.matches("(?s).*\\b" + name + "\\b.*")) {
                    required.put(name, m);
                }
            });
        } catch (ReflectiveOperationException e) {
            throw new ProbeFailure(builder.getName() + ".build() is not callable: " + e);
        }
        return required;
    }

    /** Builds one value: every primary setter, {@code replacing} (if given) in place of its attribute's primary. */
    private Object build(
            Class<?> value, Class<?> builderClass, Map<String, Method> primary, Method replacing, int depth) {
        Object builder = newBuilder(value, builderClass);
        if (replacing != null && replacing.getParameterCount() == 0) {
            invoke(replacing, builder, new Object[0], value);
            if (depth == 0) {
                calls.add(describe(replacing));
            }
        }
        for (Method m : primary.values()) {
            Method use = replacing != null && attribute(replacing).equals(attribute(m)) ? replacing : m;
            Object[] args = new Object[use.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = sample(value, attribute(use), use.getGenericParameterTypes()[i], depth);
            }
            invoke(use, builder, args, value);
            if (depth == 0) {
                calls.add(describe(use));
            }
        }
        Method build;
        try {
            build = builderClass.getMethod("build");
        } catch (NoSuchMethodException e) {
            throw new ProbeFailure(builderClass.getName() + " has no public build()");
        }
        return invoke(build, builder, new Object[0], value);
    }

    private Object newBuilder(Class<?> value, Class<?> builderClass) {
        for (Method m : value.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())
                    && m.getParameterCount() == 0
                    && m.getReturnType() == builderClass) {
                return invoke(m, null, new Object[0], value);
            }
        }
        try {
            Constructor<?> c = builderClass.getConstructor();
            return c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ProbeFailure(value.getName() + ": cannot create " + builderClass.getName() + ": " + e);
        }
    }

    private Object invoke(Method m, Object target, Object[] args, Class<?> value) {
        try {
            return m.invoke(target, args);
        } catch (IllegalAccessException e) {
            throw new ProbeFailure(describe(m) + " is not callable by reflection (declared in "
                    + m.getDeclaringClass().getName() + "): " + e.getMessage());
        } catch (InvocationTargetException e) {
            throw new ProbeFailure(describe(m) + " with " + Arrays.toString(args) + " threw " + e.getCause());
        }
    }

    private Object sample(Class<?> owner, String attribute, Type type, int depth) {
        Object forAttribute = attributeSamples.get(owner.getName() + "." + attribute);
        Class<?> raw = raw(type);
        if (forAttribute != null && raw.isInstance(forAttribute)) {
            return forAttribute;
        }
        if (forAttribute != null && raw.isArray() && raw.getComponentType().isInstance(forAttribute)) {
            Object array = Array.newInstance(raw.getComponentType(), 1);
            Array.set(array, 0, forAttribute);
            return array;
        }
        if (forAttribute != null && (raw == Optional.class || Iterable.class.isAssignableFrom(raw))) {
            return raw == Optional.class ? Optional.of(forAttribute) : List.of(forAttribute);
        }
        return sample(type, owner + "." + attribute, depth);
    }

    private Object sample(Type type, String where, int depth) {
        Class<?> raw = raw(type);
        if (samples.containsKey(raw)) {
            return samples.get(raw);
        }
        if (raw == String.class || raw == CharSequence.class) {
            return "sample";
        }
        if (raw == int.class || raw == Integer.class) {
            return 1;
        }
        if (raw == long.class || raw == Long.class) {
            return 1L;
        }
        if (raw == double.class || raw == Double.class) {
            return 1.0;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return true;
        }
        if (raw == Duration.class) {
            return Duration.ofSeconds(1);
        }
        if (raw == Instant.class) {
            return Instant.parse("2026-01-01T00:00:00Z");
        }
        if (raw == URI.class) {
            return URI.create("https://example.com");
        }
        if (raw == Path.class) {
            return Path.of("sample");
        }
        if (raw == Throwable.class) {
            return new IllegalStateException("sample");
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        }
        if (raw.isArray()) {
            Object array = Array.newInstance(raw.getComponentType(), 1);
            Array.set(array, 0, sample(raw.getComponentType(), where, depth));
            return array;
        }
        if (raw == Optional.class) {
            return Optional.of(sample(argument(type, 0), where, depth));
        }
        if (raw == Set.class) {
            return Set.of(sample(argument(type, 0), where, depth));
        }
        if (raw == Iterable.class || raw == Collection.class || raw == List.class) {
            return List.of(sample(argument(type, 0), where, depth));
        }
        if (raw == Map.class) {
            return Map.of(sample(argument(type, 0), where, depth), sample(argument(type, 1), where, depth));
        }
        if (raw == Map.Entry.class) {
            return Map.entry(sample(argument(type, 0), where, depth), sample(argument(type, 1), where, depth));
        }
        Class<?> builder = builders.containsKey(raw) ? builders.get(raw) : generatedBuilder(raw);
        if (builder != null && depth < MAX_DEPTH) {
            return build(raw, builder, primary(setters(builder)), null, depth + 1);
        }
        throw new ProbeFailure("no sample for " + type.getTypeName() + " (" + where + "): give one with sample(...)");
    }

    /**
     * The generated builder of a value type of another aws-kit package (e.g. dev.awskit.core.Finding
     * inside a report of dev.awskit.net): Immutables names it {@code <Value>Builder}, beside the value.
     */
    private static Class<?> generatedBuilder(Class<?> value) {
        if (!value.getPackageName().startsWith("dev.awskit.") || value.getEnclosingClass() != null) {
            return null;
        }
        try {
            return Class.forName(
                    value.getPackageName() + "." + value.getSimpleName() + "Builder", false, value.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static Type argument(Type type, int i) {
        if (type instanceof ParameterizedType p) {
            Type t = p.getActualTypeArguments()[i];
            if (t instanceof WildcardType w) {
                return w.getUpperBounds()[0];
            }
            return t;
        }
        return Object.class;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    /** The attribute a setter writes: {@code addTags}, {@code addAllTags} and {@code tags} all write {@code tags}. */
    private static String attribute(Method m) {
        String n = m.getName();
        for (String prefix : new String[] {"addAll", "putAll", "add", "put"}) {
            if (n.length() > prefix.length()
                    && n.startsWith(prefix)
                    && Character.isUpperCase(n.charAt(prefix.length()))) {
                String rest = n.substring(prefix.length());
                return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
            }
        }
        return n;
    }

    /** Which setter of an attribute the full pass uses: the plainest one. */
    private static int preference(Method m) {
        int score = m.getParameterCount() * 10;
        for (Class<?> p : m.getParameterTypes()) {
            if (p == Optional.class || p.isArray() || Iterable.class.isAssignableFrom(p) || p == Map.Entry.class) {
                score += 5;
            }
        }
        return score;
    }

    private static List<Method> setters(Class<?> builder) {
        return Stream.of(builder.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !m.getName().equals("build"))
                .filter(m -> m.getReturnType().isAssignableFrom(builder) && m.getReturnType() != Object.class)
                .filter(m -> !m.getName().equals("from"))
                .sorted(Comparator.comparing(BuilderProbe::describe))
                .toList();
    }

    private static String describe(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName() + "("
                + String.join(
                        ", ",
                        Stream.of(m.getParameterTypes())
                                .map(Class::getSimpleName)
                                .toList())
                + ")";
    }

    private void scan(Class<?> anchor) {
        String prefix = anchor.getPackageName();
        Set<String> names = new TreeSet<>();
        try {
            URI location =
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI();
            Path root = Path.of(location);
            if (Files.isDirectory(root)) {
                collect(root, names);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(root)) {
                    collect(jar.getPath("/"), names);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (String name : names) {
            if (!name.startsWith(prefix + ".") || name.contains(".internal.") || name.endsWith("package-info")) {
                continue;
            }
            Class<?> c;
            try {
                c = Class.forName(name, false, anchor.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            if (!isPublic(c)) {
                continue;
            }
            if (Modifier.isAbstract(c.getModifiers())) {
                for (Method m : c.getMethods()) {
                    if (Modifier.isStatic(m.getModifiers())
                            && m.getParameterCount() == 0
                            && m.getDeclaringClass() == c
                            && buildReturns(m.getReturnType(), c)) {
                        builders.put(c, m.getReturnType());
                    }
                }
            } else {
                Optional<Method> build = publicBuild(c);
                if (build.isPresent()
                        && Modifier.isAbstract(build.get().getReturnType().getModifiers())
                        && isPublic(build.get().getReturnType())
                        && Stream.of(c.getConstructors()).anyMatch(k -> k.getParameterCount() == 0)) {
                    builders.putIfAbsent(build.get().getReturnType(), c);
                }
            }
        }
    }

    private static boolean buildReturns(Class<?> builder, Class<?> value) {
        return isPublic(builder)
                && publicBuild(builder)
                        .filter(b -> value.isAssignableFrom(b.getReturnType()))
                        .isPresent();
    }

    private static Optional<Method> publicBuild(Class<?> c) {
        try {
            Method m = c.getMethod("build");
            return Modifier.isStatic(m.getModifiers()) ? Optional.empty() : Optional.of(m);
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    private static boolean isPublic(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static void collect(Path root, Set<String> names) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.map(p -> root.relativize(p).toString())
                    .filter(s -> s.endsWith(".class"))
                    .map(s -> s.substring(0, s.length() - ".class".length())
                            .replace('/', '.')
                            .replace('\\', '.'))
                    .forEach(names::add);
        }
    }

    private static final class ProbeFailure extends RuntimeException {
        ProbeFailure(String message) {
            super(message, null, false, false);
        }
    }
}

package dev.awskit.core.internal;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting of a hand-written builder or fluent operation, written at most once.
 *
 * <p>This is the one place where aws-kit implements "a setting whose last write silently wins is
 * a defect": every module's builders ({@code AwsKit.Builder}, {@code Sync}, the Kinesis producer,
 * ECR copies, task definitions, VPC plans...) hold their scalar settings in {@code Setting}s, so a
 * second write fails the same way everywhere, as Caffeine's builders do:
 *
 * <pre>
 * IllegalStateException: maxBuffered was already set to 1000 records, 8 MiB; cannot set it to 500 records, 4 MiB
 * </pre>
 *
 * A {@link #secret(String) secret} setting names the setting only, never a value. Settings that
 * legitimately accumulate (filters, containers, tags) are plain lists in their builders and do not
 * use this class; their javadoc says so.
 *
 * <p>Internal: the aws-kit modules may use it (like everything in {@code dev.awskit.core.internal}),
 * users should not; it may change in any release. Not thread-safe, like the builders that hold it.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {
    private final String name;
    private final T fallback;
    private final Function<? super T, String> shown;
    private T value;

    private Setting(String name, T fallback, Function<? super T, String> shown) {
        this.name = Objects.requireNonNull(name, "name");
        this.fallback = fallback;
        this.shown = shown;
    }

    /** A setting without a default: {@link #get()} is {@code null} until it is set. */
    public static <T> Setting<T> of(String name) {
        return new Setting<>(name, null, Setting::show);
    }

    /** A setting whose {@link #get()} is {@code fallback} until it is set. */
    public static <T> Setting<T> of(String name, T fallback) {
        return new Setting<>(name, Objects.requireNonNull(fallback, "fallback"), Setting::show);
    }

    /**
     * A setting whose values are shown in messages by {@code shown} (e.g. {@link #bytes(long)}, or
     * {@code f -> "a function"} for a value whose {@code toString()} says nothing); {@code fallback}
     * may be {@code null} (no default).
     */
    public static <T> Setting<T> of(String name, T fallback, Function<? super T, String> shown) {
        return new Setting<>(name, fallback, Objects.requireNonNull(shown, "shown"));
    }

    /** A secret (a password, a key): a second write names the setting and never a value. */
    public static <T> Setting<T> secret(String name) {
        return new Setting<>(name, null, null);
    }

    /** An on/off switch set by a no-argument call such as {@code delete()}; off until {@link #turnOn()}. */
    public static Setting<Boolean> flag(String name) {
        return new Setting<>(name, Boolean.FALSE, Setting::show);
    }

    /**
     * Sets the value.
     *
     * @return {@code value}, so that {@code field = setting.set(v)} reads naturally
     * @throws NullPointerException for {@code null}, naming the setting
     * @throws IllegalStateException when it was already set: "{@code <name> was already set to <old>;
     *     cannot set it to <new>}" (a secret: "{@code <name> was already set; cannot set it again (its
     *     values are secret and not shown)}")
     */
    public T set(T value) {
        Objects.requireNonNull(value, name);
        if (this.value != null) {
            if (shown == null) {
                throw new IllegalStateException(
                        name + " was already set; cannot set it again (its values are secret and not shown)");
            }
            throw twice(name, shown.apply(this.value), shown.apply(value));
        }
        this.value = value;
        return value;
    }

    /**
     * Turns a {@link #flag(String) flag} on.
     *
     * @throws IllegalStateException when it was already on: "{@code <name>() was already called;
     *     call it once}"
     */
    public void turnOn() {
        if (Boolean.TRUE.equals(value)) {
            throw new IllegalStateException(name + "() was already called; call it once");
        }
        @SuppressWarnings("unchecked")
        T on = (T) Boolean.TRUE;
        set(on);
    }

    /** The value set, else the default ({@code null} when there is none). */
    public T get() {
        return value != null ? value : fallback;
    }

    /** Whether the value was set (a default does not count). */
    public boolean isSet() {
        return value != null;
    }

    /** The value set, without the default. */
    public Optional<T> explicit() {
        return Optional.ofNullable(value);
    }

    /** The setting's name as messages show it. */
    public String name() {
        return name;
    }

    /** The current value as messages show it ({@code ****} for a secret). */
    public String shown() {
        T v = get();
        return shown == null ? (v == null ? "null" : "****") : (v == null ? "null" : shown.apply(v));
    }

    @Override
    public String toString() {
        return name + "=" + shown();
    }

    /**
     * The error of a second write, for settings kept elsewhere (a map of per-service endpoints): "
     * {@code <name> was already set to <current>; cannot set it to <next>}". Values are clipped as
     * {@link Texts#clip(String)} does; never pass a secret.
     */
    public static IllegalStateException alreadySet(String name, Object current, Object next) {
        return twice(name, show(current), show(next));
    }

    private static IllegalStateException twice(String name, String current, String next) {
        return new IllegalStateException(name + " was already set to " + current + "; cannot set it to " + next);
    }

    /** A value for a message: its {@code toString()}, clipped as {@link Texts#clip(String)} does. */
    private static String show(Object value) {
        return Texts.clip(String.valueOf(value));
    }

    /**
     * Bytes for a message, in the largest binary unit that divides them exactly: {@code 8 MiB},
     * {@code 1536 KiB}, {@code 1000 bytes}.
     */
    public static String bytes(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        long v = bytes;
        String unit = bytes == 1 ? "byte" : "bytes";
        for (String u : units) {
            if (v == 0 || v % 1024 != 0) {
                break;
            }
            v /= 1024;
            unit = u;
        }
        return String.format(Locale.ROOT, "%d %s", v, unit);
    }
}

package dev.awskit.ecs.internal;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses task-level cpu and memory as AWS accepts them: {@code "1024"}, {@code "1 vCPU"}, {@code "2 GB"}. */
public final class Sizes {
    private static final Pattern CPU = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(vcpus?|cpus?)?\\s*");
    private static final Pattern MEMORY = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(gb|gib|g|mb|mib|m)?\\s*");

    private Sizes() {}

    /** CPU units (1 vCPU = 1024), or -1 when {@code text} is not a cpu value. */
    public static int cpuUnits(String text) {
        if (text == null) {
            return -1;
        }
        Matcher m = CPU.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        BigDecimal n = new BigDecimal(m.group(1));
        if (m.group(2) != null) {
            n = n.multiply(BigDecimal.valueOf(1024));
        }
        return toInt(n);
    }

    /** MiB, or -1 when {@code text} is not a memory value. */
    public static int memoryMiB(String text) {
        if (text == null) {
            return -1;
        }
        Matcher m = MEMORY.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        BigDecimal n = new BigDecimal(m.group(1));
        if (m.group(2) != null && m.group(2).startsWith("g")) {
            n = n.multiply(BigDecimal.valueOf(1024));
        }
        return toInt(n);
    }

    private static int toInt(BigDecimal n) {
        try {
            return n.stripTrailingZeros().scale() > 0 ? -1 : n.intValueExact();
        } catch (ArithmeticException e) {
            return -1;
        }
    }
}

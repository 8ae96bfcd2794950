package dev.awskit.ecs.internal;

/** JSON Pointer (RFC 6901) helpers and the AWS CLI's parameter paths. */
public final class Pointers {
    private Pointers() {}

    public static String escape(String segment) {
        if (segment.indexOf('~') < 0 && segment.indexOf('/') < 0) {
            return segment;
        }
        return segment.replace("~", "~0").replace("/", "~1");
    }

    /** {@code /containerDefinitions/0/memory} -> {@code containerDefinitions[0].memory}. */
    public static String toCliPath(String pointer) {
        if (pointer.isEmpty()) {
            return "input";
        }
        StringBuilder sb = new StringBuilder();
        for (String raw : pointer.substring(1).split("/", -1)) {
            String seg = raw.replace("~1", "/").replace("~0", "~");
            if (!seg.isEmpty() && seg.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(seg).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(seg);
            }
        }
        return sb.toString();
    }
}

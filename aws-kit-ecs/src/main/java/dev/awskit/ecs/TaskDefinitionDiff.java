package dev.awskit.ecs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The changes between two task definitions, from {@link TaskDefinitions#diff}. */
public final class TaskDefinitionDiff {
    private final List<Change> changes;

    TaskDefinitionDiff(List<Change> changes) {
        this.changes = List.copyOf(changes);
    }

    public List<Change> changes() {
        return changes;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** One line per change: {@code ~ /containerDefinitions/0/image: nginx:1.26 -> nginx:1.27}. */
    @Override
    public String toString() {
        if (changes.isEmpty()) {
            return "no changes";
        }
        StringBuilder sb = new StringBuilder();
        for (Change c : changes) {
            if (sb.length() > 0) {
                sb.append(System.lineSeparator());
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** A value added, removed or changed at a JSON Pointer. */
    public static final class Change {
        private final String path;
        private final String before;
        private final String after;

        Change(String path, String before, String after) {
            this.path = path;
            this.before = before;
            this.after = after;
        }

        public String path() {
            return path;
        }

        /** Empty when the value was added. */
        public Optional<String> before() {
            return Optional.ofNullable(before);
        }

        /** Empty when the value was removed. */
        public Optional<String> after() {
            return Optional.ofNullable(after);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Change)) {
                return false;
            }
            Change c = (Change) o;
            return path.equals(c.path) && Objects.equals(before, c.before) && Objects.equals(after, c.after);
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, before, after);
        }

        @Override
        public String toString() {
            if (before == null) {
                return "+ " + path + ": " + after;
            }
            if (after == null) {
                return "- " + path + ": " + before;
            }
            return "~ " + path + ": " + before + " -> " + after;
        }
    }
}

package dev.awskit.ecs;

/** How {@link Ecs#register(TaskDefinition, RegisterOptions)} treats validation errors. */
public final class RegisterOptions {
    private static final RegisterOptions DEFAULT = new RegisterOptions(false);
    private static final RegisterOptions FORCE = new RegisterOptions(true);

    private final boolean force;

    private RegisterOptions(boolean force) {
        this.force = force;
    }

    /** Validate first and refuse on errors. */
    public static RegisterOptions defaults() {
        return DEFAULT;
    }

    /** Validate, but register even when there are errors (AWS will have the last word). */
    public static RegisterOptions force() {
        return FORCE;
    }

    public boolean isForce() {
        return force;
    }

    @Override
    public String toString() {
        return force ? "RegisterOptions{force}" : "RegisterOptions{validate}";
    }
}

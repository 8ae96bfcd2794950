package dev.awskit.iam.internal;

/** Called at every {@link Checkpoint}; production code passes {@link #NONE}. Tests throw from it. */
@FunctionalInterface
public interface Checkpoints {
    Checkpoints NONE = point -> {};

    void reached(Checkpoint point);
}

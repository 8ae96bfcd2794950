package dev.awskit.ecr;

/** Whether a repository's tags may be moved to another image. */
public enum TagMutability {
    MUTABLE,
    IMMUTABLE
}

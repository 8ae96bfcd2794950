package dev.awskit.ecs;

/** How bad a {@link Finding} is. */
public enum Severity {
    /** AWS rejects the task definition, or a task started from it fails at launch. */
    ERROR,
    /** AWS accepts it, but it goes against a best practice (security, operability). */
    WARNING
}

package dev.awskit.core;

/**
 * How bad a {@link Finding} is: one scale for every check of the kit, worst first (so sorting by it
 * puts errors first).
 *
 * <ul>
 *   <li>{@link #ERROR}: it will fail: AWS rejects it, or what it starts fails at launch (the
 *       task-definition validator of aws-kit-ecs);
 *   <li>{@link #CRITICAL}, {@link #HIGH}, {@link #MEDIUM}, {@link #LOW}: AWS accepts it, but it is a
 *       risk, rated as prowler rates the same check (the network lint of aws-kit-net);
 *   <li>{@link #WARNING}: AWS accepts it, but it goes against a best practice (security, operability)
 *       that the check does not rate.
 * </ul>
 */
public enum Severity {
    /** AWS rejects it, or what it starts fails at launch. */
    ERROR,
    /** A risk rated critical (prowler's scale), e.g. every port open to the internet. */
    CRITICAL,
    /** A risk rated high, e.g. SSH open to the internet. */
    HIGH,
    /** A risk rated medium. */
    MEDIUM,
    /** A risk rated low. */
    LOW,
    /** Against a best practice, not rated. */
    WARNING
}

package dev.awskit.ecr;

/**
 * Continuous copies by ECR itself (the alternative to {@link Ecr#copy(String)} for mirroring every
 * push): the rules of the registry in one region.
 *
 * <pre>{@code
 * ecr.replication().rule().toRegion("us-west-2").filterPrefix("app/")
 *     .rule().toRegion("eu-west-1", "210987654321")
 *     .apply();
 * }</pre>
 *
 * <p>ECR replication copies new pushes only, and creates destination repositories with default
 * settings (not the source's tag mutability, scanning or encryption); see the module README.
 */
public interface ReplicationStep {
    /** Starts a rule; {@link ReplicationRuleStep#apply()} puts every rule started here. */
    ReplicationRuleStep rule();

    /** The rules in effect now (describe-registry). */
    ReplicationConfiguration current();

    /** One rule being written. */
    interface ReplicationRuleStep {
        /** A destination in this registry's own account. */
        ReplicationRuleStep toRegion(String region);

        /** A destination in another account's registry (its registry policy must allow it). */
        ReplicationRuleStep toRegion(String region, String accountId);

        /** Only repositories whose names start with {@code prefix} (repeat for several). */
        ReplicationRuleStep filterPrefix(String prefix);

        /** Starts the next rule. */
        ReplicationRuleStep rule();

        /**
         * Puts the rules (put-replication-configuration). This <b>replaces</b> the registry's whole
         * replication configuration in this region, as the API does; read {@link
         * ReplicationStep#current()} first to keep rules.
         *
         * @return the configuration now in effect
         */
        ReplicationConfiguration apply();
    }
}

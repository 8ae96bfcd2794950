package dev.awskit.ecr.internal;

import dev.awskit.ecr.ReplicationConfiguration;
import dev.awskit.ecr.ReplicationConfigurationBuilder;
import dev.awskit.ecr.ReplicationDestination;
import dev.awskit.ecr.ReplicationRule;
import dev.awskit.ecr.ReplicationRuleBuilder;
import dev.awskit.ecr.ReplicationStep;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeRegistryResponse;
import software.amazon.awssdk.services.ecr.model.PutReplicationConfigurationResponse;
import software.amazon.awssdk.services.ecr.model.RepositoryFilter;
import software.amazon.awssdk.services.ecr.model.RepositoryFilterType;

/** Replication rules of one region's registry over DescribeRegistry / PutReplicationConfiguration. */
final class DefaultReplication implements ReplicationStep, ReplicationStep.ReplicationRuleStep {
    /** ECR's limits: 10 rules, 25 destinations in all, 100 filters per rule. */
    static final int MAX_RULES = 10;

    static final int MAX_DESTINATIONS = 25;
    static final int MAX_FILTERS = 100;

    private final EcrService service;
    private final String region;
    private final List<Rule> rules = new ArrayList<>();
    private int applied;

    private static final class Rule {
        final List<String[]> destinations = new ArrayList<>();
        final Set<String> prefixes = new LinkedHashSet<>();
    }

    DefaultReplication(EcrService service, String region) {
        this.service = service;
        this.region = region;
    }

    private EcrClient ecr() {
        return service.kit().client(EcrClient.class, region);
    }

    @Override
    public ReplicationRuleStep rule() {
        if (!rules.isEmpty() && rules.get(rules.size() - 1).destinations.isEmpty()) {
            throw new IllegalStateException("rule " + rules.size() + " has no destination; call toRegion(...) first");
        }
        if (rules.size() == MAX_RULES) {
            throw new IllegalStateException("ECR allows at most " + MAX_RULES + " replication rules per registry");
        }
        rules.add(new Rule());
        return this;
    }

    private Rule last() {
        return rules.get(rules.size() - 1);
    }

    @Override
    public ReplicationRuleStep toRegion(String destinationRegion) {
        return add(destinationRegion, null);
    }

    @Override
    public ReplicationRuleStep toRegion(String destinationRegion, String accountId) {
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("account id '" + accountId + "' must be 12 digits");
        }
        return add(destinationRegion, accountId);
    }

    private ReplicationRuleStep add(String destinationRegion, String accountId) {
        if (destinationRegion == null || !destinationRegion.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw new IllegalArgumentException("region '" + destinationRegion + "' must look like us-west-2");
        }
        if (accountId == null && destinationRegion.equals(region)) {
            throw new IllegalArgumentException(
                    "a rule cannot replicate " + region + " to itself; name another region" + " or another account");
        }
        long total = rules.stream().mapToLong(r -> r.destinations.size()).sum();
        if (total == MAX_DESTINATIONS) {
            throw new IllegalStateException(
                    "ECR allows at most " + MAX_DESTINATIONS + " replication destinations in all");
        }
        last().destinations.add(new String[] {destinationRegion, accountId});
        return this;
    }

    @Override
    public ReplicationRuleStep filterPrefix(String prefix) {
        if (prefix == null || !prefix.matches("[a-z0-9._/-]{2,256}")) {
            throw new IllegalArgumentException("prefix '" + prefix + "' must be 2-256 of a-z 0-9 . _ - /");
        }
        if (last().prefixes.size() == MAX_FILTERS) {
            throw new IllegalStateException("ECR allows at most " + MAX_FILTERS + " prefix filters per rule");
        }
        last().prefixes.add(prefix);
        return this;
    }

    @Override
    public ReplicationConfiguration apply() {
        applied++;
        if (last().destinations.isEmpty()) {
            throw new IllegalStateException("rule " + rules.size() + " has no destination; call toRegion(...) first");
        }
        String self = rules.stream().anyMatch(r -> r.destinations.stream().anyMatch(d -> d[1] == null))
                ? describe().registryId()
                : null;
        List<software.amazon.awssdk.services.ecr.model.ReplicationRule> sdkRules = new ArrayList<>();
        for (Rule r : rules) {
            sdkRules.add(software.amazon.awssdk.services.ecr.model.ReplicationRule.builder()
                    .destinations(r.destinations.stream()
                            .map(d -> software.amazon.awssdk.services.ecr.model.ReplicationDestination.builder()
                                    .region(d[0])
                                    .registryId(d[1] != null ? d[1] : self)
                                    .build())
                            .toList())
                    .repositoryFilters(r.prefixes.stream()
                            .map(p -> RepositoryFilter.builder()
                                    .filter(p)
                                    .filterType(RepositoryFilterType.PREFIX_MATCH)
                                    .build())
                            .toList())
                    .build());
        }
        PutReplicationConfigurationResponse resp =
                EcrService.call("ecr:PutReplicationConfiguration in " + region, () -> ecr().putReplicationConfiguration(
                                b -> b.replicationConfiguration(c -> c.rules(sdkRules))));
        return toConfiguration(
                self != null ? self : "",
                resp.replicationConfiguration() != null
                        ? resp.replicationConfiguration().rules()
                        : sdkRules);
    }

    @Override
    public ReplicationConfiguration current() {
        DescribeRegistryResponse r = describe();
        return toConfiguration(
                r.registryId(),
                r.replicationConfiguration() != null
                        ? r.replicationConfiguration().rules()
                        : List.of());
    }

    private DescribeRegistryResponse describe() {
        return EcrService.call("ecr:DescribeRegistry in " + region, () -> ecr().describeRegistry(b -> {}));
    }

    private ReplicationConfiguration toConfiguration(
            String registryId, List<software.amazon.awssdk.services.ecr.model.ReplicationRule> sdkRules) {
        ReplicationConfigurationBuilder b =
                ReplicationConfiguration.builder().registryId(registryId).region(region);
        for (software.amazon.awssdk.services.ecr.model.ReplicationRule r : sdkRules) {
            ReplicationRuleBuilder rb = ReplicationRule.builder();
            r.destinations().forEach(d -> rb.addDestinations(ReplicationDestination.of(d.region(), d.registryId())));
            r.repositoryFilters().forEach(f -> rb.addPrefixes(f.filter()));
            b.addRules(rb.build());
        }
        return b.build();
    }

    /** The rules set so far: {@code Replication{us-east-1: rule 1 -> [us-west-2] prefixes [app/], not run: call apply()}}. */
    @Override
    public String toString() {
        StringBuilder what = new StringBuilder(region).append(':');
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            what.append(i == 0 ? " " : "; ")
                    .append("rule ")
                    .append(i + 1)
                    .append(" -> ")
                    .append(r.destinations.stream()
                            .map(d -> d[1] == null ? d[0] : d[0] + " of " + d[1])
                            .toList());
            if (!r.prefixes.isEmpty()) {
                what.append(" prefixes ").append(r.prefixes);
            }
        }
        return dev.awskit.core.internal.Texts.operation("Replication", what.toString(), applied, "apply");
    }
}

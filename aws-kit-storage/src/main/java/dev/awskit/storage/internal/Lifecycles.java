package dev.awskit.storage.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.storage.LifecycleReport.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationRequest;

/**
 * Adds one rule to a bucket's lifecycle configuration without losing the others. S3 has no call
 * that adds a rule: PutBucketLifecycleConfiguration "will overwrite an existing lifecycle
 * configuration, so if you want to retain any configuration details, they must be included in the
 * new lifecycle configuration" (S3 API reference, PutBucketLifecycleConfiguration). So the
 * configuration is read first (GetBucketLifecycleConfiguration; {@code
 * NoSuchLifecycleConfiguration} means none), the rule with the same ID replaced or the rule
 * appended, and the whole written back with the {@code TransitionDefaultMinimumObjectSize} it had
 * (a Put without it would reset it to S3's default). Another writer between the Get and the Put
 * is not detected: S3 offers no conditional Put for lifecycle configurations.
 */
public final class Lifecycles {
    /** The rules to write, and what changed. */
    public record Merged(List<LifecycleRule> rules, Change change, int others) {}

    private Lifecycles() {}

    /**
     * {@code existing} with {@code ours} in place of the rule of the same ID, or appended. When
     * every existing rule uses the legacy rule-level {@code Prefix} (no {@code Filter}), ours is
     * written in that form too, so one configuration never mixes the two forms; the rules of
     * others are kept exactly as read.
     */
    @SuppressWarnings("deprecation") // the legacy rule-level Prefix is read, and kept, on purpose
    public static Merged merge(List<LifecycleRule> existing, LifecycleRule ours) {
        Objects.requireNonNull(ours.id(), "rule id");
        boolean legacy =
                !existing.isEmpty() && existing.stream().allMatch(r -> r.filter() == null && r.prefix() != null);
        LifecycleRule rule = ours;
        if (legacy && ours.filter() != null && ours.filter().prefix() != null) {
            rule = ours.toBuilder()
                    .filter((software.amazon.awssdk.services.s3.model.LifecycleRuleFilter) null)
                    .prefix(ours.filter().prefix())
                    .build();
        }
        List<LifecycleRule> out = new ArrayList<>();
        Change change = Change.ADDED;
        for (LifecycleRule r : existing) {
            if (ours.id().equals(r.id())) {
                change = r.equals(rule) ? Change.UNCHANGED : Change.REPLACED;
                out.add(rule);
            } else {
                out.add(r);
            }
        }
        if (change == Change.ADDED) {
            out.add(rule);
        }
        return new Merged(List.copyOf(out), change, existing.size() - (change == Change.ADDED ? 0 : 1));
    }

    /**
     * Reads the configuration, merges {@code ours} into it and writes it back unless it was
     * already there.
     *
     * @throws AwsServiceException as S3 answered (the caller says what to grant)
     */
    public static Merged apply(S3Client s3, String bucket, LifecycleRule ours) {
        GetBucketLifecycleConfigurationResponse current = null;
        List<LifecycleRule> existing = List.of();
        try {
            current = s3.getBucketLifecycleConfiguration(g -> g.bucket(bucket));
            existing = current.rules();
        } catch (AwsServiceException e) {
            if (!"NoSuchLifecycleConfiguration".equals(AwsErrors.errorCode(e).orElse(""))) {
                throw e;
            }
        }
        Merged m = merge(existing, ours);
        if (m.change() != Change.UNCHANGED) {
            PutBucketLifecycleConfigurationRequest.Builder put = PutBucketLifecycleConfigurationRequest.builder()
                    .bucket(bucket)
                    .lifecycleConfiguration(c -> c.rules(m.rules()));
            if (current != null && current.transitionDefaultMinimumObjectSize() != null) {
                put.transitionDefaultMinimumObjectSize(current.transitionDefaultMinimumObjectSize());
            }
            s3.putBucketLifecycleConfiguration(put.build());
        }
        return m;
    }

    /** An enabled rule over {@code prefix} ({@code ""}: the whole bucket), built by {@code actions}. */
    public static LifecycleRule rule(
            String id, String prefix, java.util.function.Consumer<LifecycleRule.Builder> actions) {
        LifecycleRule.Builder b =
                LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED).filter(f -> f.prefix(prefix));
        actions.accept(b);
        return b.build();
    }
}

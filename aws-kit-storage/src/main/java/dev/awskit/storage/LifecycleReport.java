package dev.awskit.storage;

import dev.awskit.core.AwsKitStyle;
import org.immutables.value.Value;

/**
 * What a lifecycle call of {@link Bucket} did to the bucket's lifecycle configuration: its rule
 * added, replaced (same ID, other settings) or found as it should be; the other rules are kept.
 *
 * <pre>
 * LifecycleReport{my-bucket: rule awskit-abort-incomplete-multipart-uploads ADDED, 2 other rules kept}
 * </pre>
 */
@Value.Immutable
@AwsKitStyle
public abstract class LifecycleReport {
    /** What happened to the rule. */
    public enum Change {
        /** The bucket had no rule of this ID: appended to its rules. */
        ADDED,
        /** A rule of this ID with other settings was replaced. */
        REPLACED,
        /** The rule was there as it should be: nothing was written. */
        UNCHANGED
    }

    public abstract String bucket();

    public abstract String ruleId();

    public abstract Change change();

    /** The bucket's other rules, written back unchanged. */
    public abstract int otherRules();

    public static LifecycleReportBuilder builder() {
        return new LifecycleReportBuilder();
    }

    @Override
    public String toString() {
        return "LifecycleReport{" + bucket() + ": rule " + ruleId() + " " + change() + ", " + otherRules()
                + (otherRules() == 1 ? " other rule kept}" : " other rules kept}");
    }
}

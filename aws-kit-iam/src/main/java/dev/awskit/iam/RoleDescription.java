package dev.awskit.iam;

import dev.awskit.core.AwsKitStyle;
import java.util.List;
import java.util.Map;
import org.immutables.value.Value;

/** A role as IAM has it: what {@link IamRole#describe()} read. */
@Value.Immutable
@AwsKitStyle
public abstract class RoleDescription {
    public abstract String roleName();

    public abstract String arn();

    public abstract PolicyDocument trustPolicy();

    /** The ARNs of the attached managed policies. */
    public abstract List<String> attachedPolicyArns();

    /** The inline policies by name. */
    public abstract Map<String, PolicyDocument> inlinePolicies();

    /** The names of the instance profiles that hold the role. */
    public abstract List<String> instanceProfiles();

    public static RoleDescriptionBuilder builder() {
        return new RoleDescriptionBuilder();
    }

    @Override
    public String toString() {
        return "RoleDescription{" + arn() + ", trust " + trustPolicy() + ", attached " + attachedPolicyArns()
                + ", inline " + inlinePolicies().keySet() + ", instance profiles " + instanceProfiles() + "}";
    }
}

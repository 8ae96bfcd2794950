package dev.awskit.core;

import org.immutables.value.Value;

/**
 * Who the kit's credentials belong to: the answer of {@code aws sts get-caller-identity}.
 *
 * <pre>{@code
 * aws.identity().accountId();   // aws sts get-caller-identity --query Account --output text
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
public interface CallerIdentity {
    /** The 12-digit account id. */
    String accountId();

    /** The ARN of the calling user or assumed role. */
    String arn();

    /** The unique id of the caller (AIDA... for users, AROA...:session for roles). */
    String userId();

    /** The ARN, parsed. */
    @Value.Derived
    default Arn parsedArn() {
        return Arn.parse(arn());
    }

    static CallerIdentity of(String accountId, String arn, String userId) {
        return builder().accountId(accountId).arn(arn).userId(userId).build();
    }

    /** Builder: {@code CallerIdentity.builder().accountId(..).arn(..).userId(..).build()}. */
    static CallerIdentityBuilder builder() {
        return new CallerIdentityBuilder();
    }
}

package dev.awskit.iam.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.iam.PolicyDocument;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;

/** Reading a managed policy's default version. */
final class ManagedPolicies {
    private ManagedPolicies() {}

    static PolicyDocument document(AwsKit kit, String arn) {
        IamClient iam = DefaultIamGroup.iam(kit);
        String step = "iam:GetPolicy";
        try {
            String version = iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId();
            step = "iam:GetPolicyVersion";
            String doc = iam.getPolicyVersion(r -> r.policyArn(arn).versionId(version))
                    .policyVersion()
                    .document();
            return PolicyDocument.fromIam(doc);
        } catch (SdkException e) {
            AwsKitException base = AwsKitException.of(step + " " + arn, e);
            String hint = AwsErrors.isNotFound(e)
                    ? " Check the policy ARN (aws iam list-policies --scope AWS)."
                    : AwsErrors.isAccessDenied(e) ? " The caller needs " + step + " on " + arn + "." : "";
            throw hint.isEmpty() ? base : new AwsKitException(base.getMessage() + hint, e);
        } catch (IllegalArgumentException e) {
            throw new AwsKitException("The document of " + arn + " cannot be read: " + e.getMessage());
        }
    }
}

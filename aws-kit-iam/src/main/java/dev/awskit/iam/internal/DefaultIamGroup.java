package dev.awskit.iam.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.Pages;
import dev.awskit.iam.IamGroup;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

final class DefaultIamGroup implements IamGroup {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultIamGroup.class);

    private final AwsKit kit;
    private final String name;

    DefaultIamGroup(AwsKit kit, String name) {
        this.kit = kit;
        this.name = name;
    }

    static IamClient iam(AwsKit kit) {
        return kit.client(IamClient.class, kit.configuredRegion().orElse(Region.US_EAST_1));
    }

    /** Whether IAM answered that the entity exists already. */
    static boolean alreadyExists(AwsKitException e) {
        return "EntityAlreadyExists".equals(e.errorCode().orElse(""));
    }

    /** Runs an IAM create call; an entity that exists already is success (the bootstrap is idempotent). */
    static void createIfAbsent(
            AwsKit kit, String kind, String action, String name, java.util.function.Consumer<IamClient> call) {
        try {
            kit.retryPolicy().execute("iam:" + action + " " + name, () -> {
                call.accept(iam(kit));
                return null;
            });
            LOG.info("created IAM {} {}", kind, name);
        } catch (AwsKitException e) {
            if (!alreadyExists(e)) {
                throw new AwsKitException(
                        "Could not create IAM " + kind + " " + name + ": " + e.getMessage()
                                + (AwsErrors.isAccessDenied(e) ? " The caller needs iam:" + action + "." : ""),
                        e);
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean exists() {
        try {
            kit.retryPolicy().execute("iam:GetGroup " + name, () -> iam(kit).getGroup(r -> r.groupName(name)));
            return true;
        } catch (AwsKitException e) {
            if (AwsErrors.isNotFound(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public IamGroup create() {
        createIfAbsent(kit, "group", "CreateGroup", name, iam -> iam.createGroup(r -> r.groupName(name)));
        return this;
    }

    @Override
    public IamGroup attach(String policyArn) {
        if (policyArn == null || !policyArn.startsWith("arn:") || !policyArn.contains(":policy/")) {
            throw new IllegalArgumentException("'" + policyArn
                    + "' is not a policy ARN; expected e.g. arn:aws:iam::aws:policy/AdministratorAccess");
        }
        create();
        try {
            kit.retryPolicy()
                    .execute("iam:AttachGroupPolicy " + policyArn + " to " + name, () -> iam(kit).attachGroupPolicy(
                                    r -> r.groupName(name).policyArn(policyArn)));
            LOG.info("attached {} to IAM group {}", policyArn, name);
        } catch (AwsKitException e) {
            throw new AwsKitException(
                    "Could not attach " + policyArn + " to IAM group " + name + ": " + e.getMessage()
                            + (AwsErrors.isNotFound(e) ? " Check the policy ARN (aws iam list-policies)." : ""),
                    e);
        }
        return this;
    }

    @Override
    public List<String> attachedPolicies() {
        return Pages.stream(iam(kit).listAttachedGroupPoliciesPaginator(r -> r.groupName(name))
                        .attachedPolicies())
                .map(AttachedPolicy::policyArn)
                .collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return "IamGroup{" + name + "}";
    }
}

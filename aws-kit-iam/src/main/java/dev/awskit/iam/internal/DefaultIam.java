package dev.awskit.iam.internal;

import dev.awskit.core.AwsKit;
import dev.awskit.iam.IamGroup;
import dev.awskit.iam.IamRole;
import dev.awskit.iam.IamUser;
import dev.awskit.iam.ManagedPolicy;
import dev.awskit.iam.PolicyDocument;
import dev.awskit.iam.RotateAccessKeyRequest;
import dev.awskit.iam.RotationReport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/** What {@link dev.awskit.iam.Iam} does, over one kit. */
public final class DefaultIam {
    private final AwsKit kit;
    private final Path defaultCredentialsFile;
    private final Clock clock;
    private final Checkpoints checkpoints;

    public DefaultIam(AwsKit kit) {
        this(kit, kit.credentialsFile(), Clock.systemUTC(), Checkpoints.NONE);
    }

    /** For tests: another default credentials file, a clock, crash points. */
    public DefaultIam(AwsKit kit, Path defaultCredentialsFile, Clock clock, Checkpoints checkpoints) {
        this.kit = Objects.requireNonNull(kit, "kit");
        this.defaultCredentialsFile = Objects.requireNonNull(defaultCredentialsFile, "defaultCredentialsFile");
        this.clock = clock;
        this.checkpoints = checkpoints;
    }

    public RotationReport rotateAccessKey(RotateAccessKeyRequest request) {
        Objects.requireNonNull(request, "request");
        Path file = request.credentialsFile().orElse(defaultCredentialsFile);
        String profile = request.profile().orElse(kit.profile());
        return new AccessKeyRotation(kit, request, profile, file, clock, checkpoints).run();
    }

    public IamGroup group(String name) {
        return new DefaultIamGroup(kit, IamNames.require("group", name));
    }

    public IamRole role(String name) {
        IamNames.require("role", name);
        if (name.length() > 64) {
            throw new IllegalArgumentException(
                    "IAM role name '" + name + "' is too long (" + name.length() + " characters); at most 64");
        }
        return new DefaultIamRole(kit, name);
    }

    /** The default version of a managed policy (GetPolicy, GetPolicyVersion). */
    public PolicyDocument managedPolicyDocument(ManagedPolicy policy) {
        return ManagedPolicies.document(kit, policy.arn(Partitions.of(kit)));
    }

    public String partition() {
        return Partitions.of(kit);
    }

    public IamUser user(String name) {
        return new DefaultIamUser(kit, IamNames.require("user", name));
    }

    @Override
    public String toString() {
        return "Iam[" + kit.summary("iam") + "]";
    }
}

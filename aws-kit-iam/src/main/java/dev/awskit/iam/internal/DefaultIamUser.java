package dev.awskit.iam.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.Pages;
import dev.awskit.iam.IamUser;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.model.Group;

final class DefaultIamUser implements IamUser {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultIamUser.class);

    private final AwsKit kit;
    private final String name;

    DefaultIamUser(AwsKit kit, String name) {
        this.kit = kit;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean exists() {
        try {
            kit.retryPolicy().execute("iam:GetUser " + name, () -> DefaultIamGroup.iam(kit)
                    .getUser(r -> r.userName(name)));
            return true;
        } catch (AwsKitException e) {
            if (AwsErrors.isNotFound(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public IamUser create() {
        DefaultIamGroup.createIfAbsent(kit, "user", "CreateUser", name, iam -> iam.createUser(r -> r.userName(name)));
        return this;
    }

    @Override
    public IamUser inGroup(String group) {
        String g = IamNames.require("group", group);
        create();
        try {
            kit.retryPolicy().execute("iam:AddUserToGroup " + name + " to " + g, () -> DefaultIamGroup.iam(kit)
                    .addUserToGroup(r -> r.userName(name).groupName(g)));
            LOG.info("added IAM user {} to group {}", name, g);
        } catch (AwsKitException e) {
            throw new AwsKitException(
                    "Could not add IAM user " + name + " to group " + g + ": " + e.getMessage()
                            + (AwsErrors.isNotFound(e)
                                    ? " Create the group first: iam().group(\"" + g + "\").create()."
                                    : ""),
                    e);
        }
        return this;
    }

    @Override
    public IamUser loginProfile(char[] password, boolean passwordResetRequired) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        create();
        String pw = new String(password);
        try {
            try {
                kit.retryPolicy().execute("iam:CreateLoginProfile for " + name, () -> DefaultIamGroup.iam(kit)
                        .createLoginProfile(
                                r -> r.userName(name).password(pw).passwordResetRequired(passwordResetRequired)));
                LOG.info("created a console password for IAM user {}", name);
            } catch (AwsKitException e) {
                if (!DefaultIamGroup.alreadyExists(e)) {
                    throw e;
                }
                // the user may have chosen a password of their own since: a bootstrap run again keeps it
                LOG.info("IAM user {} has a console password already; it was kept", name);
            }
        } catch (AwsKitException e) {
            throw new AwsKitException(
                    "Could not set the console password of IAM user " + name + ": "
                            + e.getMessage().replace(pw, "****")
                            + ("PasswordPolicyViolation".equals(e.errorCode().orElse(""))
                                    ? " Choose a password that meets the account's password policy"
                                            + " (aws iam get-account-password-policy)."
                                    : ""),
                    e);
        }
        return this;
    }

    @Override
    public List<String> groups() {
        return Pages.stream(DefaultIamGroup.iam(kit)
                        .listGroupsForUserPaginator(r -> r.userName(name))
                        .groups())
                .map(Group::groupName)
                .collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return "IamUser{" + name + "}";
    }
}

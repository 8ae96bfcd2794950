package dev.awskit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.Targets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.LoginProfile;

/**
 * The admin bootstrap of seed 003 against an independent IAM: the shared moto_server (started with
 * MOTO_IAM_LOAD_MANAGED_POLICIES=true, so AdministratorAccess exists) or {@code AWSKIT_IT_ENDPOINT}.
 * The password policy is not modelled by moto ("This does not currently deal with
 * PasswordPolicyViolation", its update_login_profile): that refusal is checked on the fake.
 */
class IamBootstrapIT {
    Target server;
    AwsKit kit;
    String group;
    String user;

    @BeforeEach
    void setUp() {
        server = Targets.require(Service.IAM);
        kit = server.kitBuilder().build();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        group = "awskit-admins-" + suffix;
        user = "awskit-admin-" + suffix;
    }

    @AfterEach
    void tearDown() {
        try {
            IamClient iam = kit.client(IamClient.class);
            ignore(() -> iam.deleteLoginProfile(r -> r.userName(user)));
            ignore(() -> iam.removeUserFromGroup(r -> r.userName(user).groupName(group)));
            ignore(() -> iam.deleteUser(r -> r.userName(user)));
            ignore(() -> iam.detachGroupPolicy(r -> r.groupName(group).policyArn(Iam.ADMINISTRATOR_ACCESS)));
            ignore(() -> iam.deleteGroup(r -> r.groupName(group)));
        } finally {
            kit.close();
        }
    }

    private static void ignore(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // cleanup of what the test may not have created
        }
    }

    private LoginProfile loginProfile() {
        return kit.client(IamClient.class)
                .getLoginProfile(r -> r.userName(user))
                .loginProfile();
    }

    @Test
    void bootstrap_createsGroupWithPolicyAndUserInGroupWithPassword_andIsIdempotent() {
        for (int round = 0; round < 2; round++) {
            Iam.of(kit).group(group).attach(Iam.ADMINISTRATOR_ACCESS);
            Iam.of(kit).user(user).inGroup(group).loginProfile("Str0ng-Passw0rd!".toCharArray(), true);
        }

        assertThat(Iam.of(kit).group(group).exists()).isTrue();
        assertThat(Iam.of(kit).group(group).attachedPolicies()).containsExactly(Iam.ADMINISTRATOR_ACCESS);
        assertThat(Iam.of(kit).user(user).exists()).isTrue();
        assertThat(Iam.of(kit).user(user).groups()).containsExactly(group);
        assertThat(loginProfile().userName()).isEqualTo(user);
        // moto 5 ignores PasswordResetRequired in CreateLoginProfile (it answers false), AWS keeps it
    }

    // Regression (issue 11): the bootstrap reset an existing console password on every run.
    @Test
    void loginProfile_whenTheUserHasOneAlready_keepsItsPasswordOnTheNextRun() {
        Iam.of(kit).group(group).create();
        Iam.of(kit).user(user).inGroup(group).loginProfile("Str0ng-Passw0rd!".toCharArray(), true);
        // the user signs in and chooses a password of their own: IAM clears PasswordResetRequired
        kit.client(IamClient.class)
                .updateLoginProfile(
                        r -> r.userName(user).password("Users-0wn-Passw0rd!").passwordResetRequired(false));

        Iam.of(kit).user(user).inGroup(group).loginProfile("Str0ng-Passw0rd!".toCharArray(), true);

        assertThat(loginProfile().passwordResetRequired())
                .as("the second run left the user's own password alone")
                .isFalse();
    }

    @Test
    void exists_whenMissing_isFalse() {
        assertThat(Iam.of(kit).group("nope-" + group).exists()).isFalse();
        assertThat(Iam.of(kit).user("nope-" + user).exists()).isFalse();
    }

    @Test
    void attach_whenPolicyDoesNotExist_failsNamingItAndWhatToDo() {
        String missing = "arn:aws:iam::aws:policy/NoSuchPolicyAwsKit";
        assertThatThrownBy(() -> Iam.of(kit).group(group).attach(missing))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("Could not attach " + missing + " to IAM group " + group + ": ")
                .hasMessageEndingWith(" Check the policy ARN (aws iam list-policies).");
    }

    @Test
    void attach_whenNotAPolicyArn_isRejectedBeforeAnyCall() {
        assertThatThrownBy(() -> Iam.of(kit).group(group).attach("AdministratorAccess"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'AdministratorAccess' is not a policy ARN; expected e.g."
                        + " arn:aws:iam::aws:policy/AdministratorAccess");
    }

    @Test
    void user_whenNameInvalid_isRejected() {
        assertThatThrownBy(() -> Iam.of(kit).user("bad name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "IAM user name 'bad name' is not valid; expected 1-128 of letters, digits and + = , . @ _ -");
    }

    /** moto does not check passwords against the account's policy: the fake answers as IAM documents. */
    @Test
    void loginProfile_whenPasswordTooWeak_failsWithoutEchoingIt() {
        try (FakeIamSts fake = new FakeIamSts();
                AwsKit onFake = AwsKit.builder()
                        .region("us-east-1")
                        .credentials("awskit-test-key", "test-secret")
                        .endpoint(fake.endpoint())
                        .build()) {
            assertThatThrownBy(() -> Iam.of(onFake).user(user).loginProfile("weak1".toCharArray(), false))
                    .isInstanceOf(AwsKitException.class)
                    .hasMessageStartingWith("Could not set the console password of IAM user " + user)
                    .hasMessageEndingWith("Choose a password that meets the account's password policy"
                            + " (aws iam get-account-password-policy).")
                    .hasMessageNotContaining("weak1");
        }
    }
}

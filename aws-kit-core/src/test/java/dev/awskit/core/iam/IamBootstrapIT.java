package dev.awskit.core.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

/** The admin bootstrap of seed 003 over IAM's Query protocol: the fake, or {@code AWSKIT_IT_ENDPOINT}. */
class IamBootstrapIT {
    static final String ENDPOINT = System.getenv("AWSKIT_IT_ENDPOINT");

    FakeIamSts fake;
    AwsKit kit;
    String group;
    String user;
    String policy = Iam.ADMINISTRATOR_ACCESS;

    @BeforeEach
    void setUp() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        group = "Admins-" + suffix;
        user = "admin-" + suffix;
        if (ENDPOINT == null) {
            fake = new FakeIamSts();
            kit = AwsKit.builder()
                    .region("us-east-1")
                    .credentials("AKIAIOSFODNN7EXAMPLE", "test-secret")
                    .endpoint(fake.endpoint())
                    .build();
        } else {
            kit = AwsKit.builder()
                    .region(System.getenv().getOrDefault("AWS_REGION", "us-east-1"))
                    .credentials(
                            System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "test"),
                            System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "test"))
                    .endpoint(ENDPOINT)
                    .build();
            // emulators do not always load AWS managed policies: use one of our own
            policy = kit.client(IamClient.class)
                    .createPolicy(r -> r.policyName("awskit-it-" + suffix)
                            .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                    + "\"Action\":\"*\",\"Resource\":\"*\"}]}"))
                    .policy()
                    .arn();
        }
    }

    @AfterEach
    void tearDown() {
        try {
            if (fake == null) {
                IamClient iam = kit.client(IamClient.class);
                ignore(() -> iam.deleteLoginProfile(r -> r.userName(user)));
                ignore(() -> iam.removeUserFromGroup(r -> r.userName(user).groupName(group)));
                ignore(() -> iam.deleteUser(r -> r.userName(user)));
                ignore(() -> iam.detachGroupPolicy(r -> r.groupName(group).policyArn(policy)));
                ignore(() -> iam.deleteGroup(r -> r.groupName(group)));
                ignore(() -> iam.deletePolicy(r -> r.policyArn(policy)));
            }
        } finally {
            kit.close();
            if (fake != null) {
                fake.close();
            }
        }
    }

    private static void ignore(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // cleanup of what the test may not have created
        }
    }

    @Test
    void bootstrap_createsGroupWithPolicyAndUserInGroupWithPassword_andIsIdempotent() {
        for (int round = 0; round < 2; round++) {
            kit.iam().group(group).attach(policy);
            kit.iam().user(user).inGroup(group).loginProfile("Str0ng-Passw0rd!".toCharArray(), true);
        }

        assertThat(kit.iam().group(group).exists()).isTrue();
        assertThat(kit.iam().group(group).attachedPolicies()).containsExactly(policy);
        assertThat(kit.iam().user(user).exists()).isTrue();
        assertThat(kit.iam().user(user).groups()).containsExactly(group);
        if (fake != null) {
            assertThat(fake.loginPasswords).containsEntry(user, "Str0ng-Passw0rd!");
        }
    }

    @Test
    void exists_whenMissing_isFalse() {
        assertThat(kit.iam().group("nope-" + group).exists()).isFalse();
        assertThat(kit.iam().user("nope-" + user).exists()).isFalse();
    }

    @Test
    void attach_whenNotAPolicyArn_isRejectedBeforeAnyCall() {
        assertThatThrownBy(() -> kit.iam().group(group).attach("AdministratorAccess"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'AdministratorAccess' is not a policy ARN; expected e.g."
                        + " arn:aws:iam::aws:policy/AdministratorAccess");
    }

    @Test
    void user_whenNameInvalid_isRejected() {
        assertThatThrownBy(() -> kit.iam().user("bad name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "IAM user name 'bad name' is not valid; expected 1-128 of letters, digits and + = , . @ _ -");
    }

    @Test
    void loginProfile_whenPasswordTooWeak_failsWithoutEchoingIt() {
        if (fake == null) {
            System.out.println("[aws-kit IT] the password policy is the endpoint's; checked a strong password instead");
            kit.iam().user(user).loginProfile("Str0ng-Passw0rd!".toCharArray(), false);
            return;
        }
        assertThatThrownBy(() -> kit.iam().user(user).loginProfile("weak1".toCharArray(), false))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("Could not set the console password of IAM user " + user)
                .hasMessageEndingWith("Choose a password that meets the account's password policy"
                        + " (aws iam get-account-password-policy).")
                .hasMessageNotContaining("weak1");
    }
}

package dev.awskit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import org.junit.jupiter.api.Test;

/** The control-plane target answers as STS does: moto locally (account 123456789012), or AWSKIT_IT_ENDPOINT. */
@UsesServer(Service.STS)
class MotoHarnessIT {

    @Test
    void sts_answersGetCallerIdentity_withATwelveDigitAccount(AwsKit aws, Target target) {
        String account = aws.identity().accountId();
        assertThat(account).matches("[0-9]{12}");
        if (target.kind() == Target.Kind.LOCAL_EMULATOR) {
            assertThat(account).isEqualTo("123456789012"); // MOTO_ACCOUNT_ID set by scripts/emulators
        }
    }
}

package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArnTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "arn:aws:iam::123456789012:user/admin|aws|iam||123456789012|user|admin",
                "arn:aws:iam::aws:policy/AdministratorAccess|aws|iam||aws|policy|AdministratorAccess",
                "arn:aws:s3:::my-first-bucket|aws|s3|||<none>|my-first-bucket",
                "arn:aws:logs:us-east-1:123456789012:log-group:app:*|aws|logs|us-east-1|123456789012|log-group|app:*",
                "arn:aws-cn:ecs:cn-north-1:123456789012:service/deepdive/web|aws-cn|ecs|cn-north-1|123456789012|service|deepdive/web",
                "arn:aws-us-gov:sts::123456789012:assumed-role/Admin/jun|aws-us-gov|sts||123456789012|assumed-role|Admin/jun",
                "arn:aws:ecr:us-west-2:123456789012:repository/app|aws|ecr|us-west-2|123456789012|repository|app",
            })
    void parse_validArns_splitIntoParts(
            String text, String partition, String service, String region, String account, String type, String name) {
        Arn arn = Arn.parse(text);
        assertThat(arn.partition()).isEqualTo(partition);
        assertThat(arn.service()).isEqualTo(service);
        assertThat(arn.region()).isEqualTo(region == null ? "" : region);
        assertThat(arn.accountId()).isEqualTo(account == null ? "" : account);
        assertThat(arn.resourceType())
                .isEqualTo(type.equals("<none>") ? java.util.Optional.empty() : java.util.Optional.of(type));
        assertThat(arn.resourceName()).isEqualTo(name);
        assertThat(arn.format()).isEqualTo(text);
        assertThat(Arn.parse(arn.format())).isEqualTo(arn);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "arn:aws:iam::123456789012|it does not have six ':'-separated parts starting with 'arn'",
                "urn:aws:iam::123456789012:user/x|it does not have six ':'-separated parts starting with 'arn'",
                "arn:amazon:iam::123456789012:user/x|partition 'amazon' is not aws, aws-cn, aws-us-gov or similar",
                "arn:aws:IAM::123456789012:user/x|service 'IAM' must be lower-case letters, digits and '-'",
                "arn:aws:s3:uswest2::bucket|region 'uswest2' is not a region like us-east-1 (or empty)",
                "arn:aws:iam::1234:user/x|account id '1234' is not 12 digits (or empty)",
                "arn:aws:iam::123456789012:|the resource part is empty",
            })
    void parse_invalidArns_sayWhatIsWrongAndTheExpectedForm(String text, String why) {
        assertThatThrownBy(() -> Arn.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid ARN '" + text + "': " + why
                        + "; expected arn:partition:service:region:account-id:resource");
        assertThat(Arn.isArn(text)).isFalse();
    }
}

package dev.awskit.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.AwsKit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What JShell shows for the facade; no server. */
class NetPrintingTest {
    private static final String SECRET = "awskit-test/secret+value";

    @Test
    void facade_namesRegionAndEc2Endpoint_neverTheSecret() {
        try (AwsKit aws = AwsKit.builder()
                .region("eu-west-1")
                .credentials("awskit-test-key", SECRET)
                .endpoint("ec2", "http://127.0.0.1:9")
                .environment(
                        Map.of("AWS_CONFIG_FILE", "/nonexistent/c", "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/k"))
                .build()) {
            assertThat(Net.of(aws)).hasToString("Net[region eu-west-1, endpoint http://127.0.0.1:9]");
        }
    }

    @Test
    void aModel_asNetDescribeReturnsIt_printsItsTablesOnSeveralLines() {
        VpcModel m = Net.plan("10.0.0.0/16")
                .name("web")
                .zones(2)
                .publicSubnets(24)
                .privateSubnets(24)
                .build()
                .model();

        String printed = m.toString();
        assertThat(printed).isEqualTo(m.toTable());
        assertThat(printed.lines().findFirst()).contains("VPC web 10.0.0.0/16 (65536 addresses)");
        assertThat(printed.lines()).anySatisfy(l -> assertThat(l).startsWith("SUBNET"));
        assertThat(printed.lines().count()).isGreaterThan(5);
    }
}

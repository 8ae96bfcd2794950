package dev.awskit.storage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bucket(name).inventory(...)} against a WireMock S3 that answers PutBucketInventoryConfiguration
 * as the S3 API reference describes it (PUT /{bucket}?inventory&amp;id={id} with an
 * InventoryConfiguration body, 204 No Content). S3Proxy does not implement the inventory
 * configuration calls, and moto's S3 is not among the servers the ITs use for S3.
 */
class BucketInventoryIT {
    private WireMockServer s3;
    private AwsKit aws;

    @BeforeEach
    void start() {
        s3 = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        s3.start();
        aws = AwsKit.builder()
                .region("eu-west-1")
                .credentials("awskit-test-key", "awskit-test/secret+value")
                .endpoint("s3", "http://127.0.0.1:" + s3.port())
                .build();
    }

    @AfterEach
    void stop() {
        aws.close();
        s3.stop();
    }

    @Test
    void inventory_putsACsvConfigurationWithTheFieldsASyncNeeds_andReturnsTheReportsFolder() {
        s3.stubFor(put(urlPathEqualTo("/big-bucket")).willReturn(aResponse().withStatus(204)));

        String folder = Storage.of(aws).bucket("big-bucket").inventory(i -> i.destination(
                        "s3://inventory-bucket/reports")
                .id("daily")
                .prefix("data/"));

        assertThat(folder).isEqualTo("s3://inventory-bucket/reports/big-bucket/daily/");
        List<LoggedRequest> puts = s3.findAll(putRequestedFor(urlEqualTo("/big-bucket?inventory&id=daily")));
        assertThat(puts).hasSize(1);
        String body = puts.get(0).getBodyAsString();
        assertThat(body)
                .contains("<Id>daily</Id>")
                .contains("<IsEnabled>true</IsEnabled>")
                .contains("<Bucket>arn:aws:s3:::inventory-bucket</Bucket>")
                .contains("<Format>CSV</Format>")
                .contains("<Prefix>reports</Prefix>")
                .contains("<Filter><Prefix>data/</Prefix></Filter>")
                .contains("<IncludedObjectVersions>Current</IncludedObjectVersions>")
                .contains("<Field>Size</Field>")
                .contains("<Field>LastModifiedDate</Field>")
                .contains("<Field>ETag</Field>")
                .contains("<Frequency>Daily</Frequency>");
    }

    @Test
    void inventory_inParquet_asksS3ForParquetReports() {
        s3.stubFor(put(urlPathEqualTo("/big-bucket")).willReturn(aResponse().withStatus(204)));

        Storage.of(aws).bucket("big-bucket").inventory(i -> i.destination("s3://inventory-bucket")
                .format(InventoryRequest.Format.PARQUET)
                .frequency(InventoryRequest.Frequency.WEEKLY));

        String body = s3.findAll(putRequestedFor(urlEqualTo("/big-bucket?inventory&id=awskit")))
                .get(0)
                .getBodyAsString();
        // the value S3's PutBucketInventoryConfiguration documents for Format: CSV | ORC | Parquet
        assertThat(body).contains("<Format>Parquet</Format>").contains("<Frequency>Weekly</Frequency>");
    }

    @Test
    void inventory_whenS3RefusesIt_failsNamingBucketRegionAndPermission() {
        s3.stubFor(put(urlPathEqualTo("/big-bucket"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withBody("<Error><Code>InvalidArgument</Code><Message>Invalid destination bucket"
                                + "</Message></Error>")));

        assertThatThrownBy(() ->
                        Storage.of(aws).bucket("big-bucket").inventory(i -> i.destination("s3://inventory-bucket")))
                .isInstanceOf(AwsKitException.class)
                .hasMessageStartingWith(
                        "Setting up inventory 'awskit' of bucket 'big-bucket' (region eu-west-1) failed: ")
                .hasMessageContaining("Invalid destination bucket")
                .hasMessageEndingWith("; it needs s3:PutInventoryConfiguration on the bucket.");
    }

    @Test
    void inventory_withoutDestination_isRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> Storage.of(aws).bucket("big-bucket").inventory(i -> i.id("daily")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("an inventory needs a destination: .destination(\"s3://inventory-bucket/prefix\")");
        assertThat(s3.getAllServeEvents()).isEmpty();
    }
}

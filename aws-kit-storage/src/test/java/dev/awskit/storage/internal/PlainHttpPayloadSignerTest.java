package dev.awskit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.spi.ClientCustomizer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * What the kit's S3 client puts on the wire for an upload: the request the HTTP client receives is
 * captured (no network). The expected hashes are computed here with the JDK's MessageDigest.
 */
class PlainHttpPayloadSignerTest {
    private static final byte[] BODY = "hello, sync".getBytes(StandardCharsets.UTF_8);

    @Test
    void putWithContentMd5OverPlainHttpIsSentAsUnsignedPayloadWithContentMd5Signed() throws Exception {
        SdkHttpRequest sent = put("http://127.0.0.1:9999", true);

        assertThat(sent.firstMatchingHeader("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");
        assertThat(sent.protocol()).isEqualTo("http");
        assertThat(sent.port()).isEqualTo(9999);
        assertThat(sent.firstMatchingHeader("Host")).contains("127.0.0.1:9999");
        assertThat(sent.firstMatchingHeader("Authorization").orElseThrow())
                .startsWith("AWS4-HMAC-SHA256 ")
                .contains("content-md5");
    }

    @Test
    void putWithoutContentMd5OverPlainHttpStillHashesTheBody() throws Exception {
        SdkHttpRequest sent = put("http://127.0.0.1:9999", false);

        assertThat(sent.firstMatchingHeader("x-amz-content-sha256")).contains(sha256Hex(BODY));
    }

    @Test
    void onPort80TheBodyIsHashedBecauseAnHttpsSignatureWouldNameAnotherHost() throws Exception {
        SdkHttpRequest sent = put("http://127.0.0.1:80", true);

        assertThat(sent.firstMatchingHeader("x-amz-content-sha256")).contains(sha256Hex(BODY));
    }

    @Test
    void overHttpsTheSdkSignerIsLeftAlone() throws Exception {
        SdkHttpRequest sent = put("https://127.0.0.1:9443", true);

        assertThat(sent.firstMatchingHeader("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");
    }

    private static SdkHttpRequest put(String endpoint, boolean withMd5) throws Exception {
        List<SdkHttpRequest> captured = new ArrayList<>();
        SdkHttpClient http = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                captured.add(request.httpRequest());
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        return HttpExecuteResponse.builder()
                                .response(SdkHttpResponse.builder()
                                        .statusCode(200)
                                        .putHeader("ETag", "\"x\"")
                                        .build())
                                .responseBody(
                                        AbortableInputStream.create(new java.io.ByteArrayInputStream(new byte[0])))
                                .build();
                    }

                    @Override
                    public void abort() {}
                };
            }

            @Override
            public void close() {}
        };
        URI uri = URI.create(endpoint);
        S3ClientBuilder b = S3Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(uri)
                .httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")));
        new StorageClientCustomizer().customize(b, new ClientCustomizer.Context() {
            @Override
            public Class<?> clientType() {
                return S3Client.class;
            }

            @Override
            public String service() {
                return "s3";
            }

            @Override
            public Region region() {
                return Region.US_EAST_1;
            }

            @Override
            public Optional<URI> endpoint() {
                return Optional.of(uri);
            }
        });
        String md5 = md5Base64(BODY);
        try (S3Client s3 = b.build()) {
            s3.putObject(
                    r -> {
                        r.bucket("b").key("k").contentLength((long) BODY.length);
                        if (withMd5) {
                            r.contentMD5(md5);
                        }
                    },
                    RequestBody.fromBytes(BODY));
        }
        assertThat(captured).hasSize(1);
        return captured.get(0);
    }

    private static String sha256Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String md5Base64(byte[] data) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("MD5").digest(data));
    }
}

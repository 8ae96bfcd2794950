package dev.awskit.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.RetryPolicy;
import dev.awskit.kinesis.Kinesis;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * An endpoint that does not speak CBOR, the SDK's wire format for Kinesis. moto 5.2.1 answers every
 * CBOR request to its Kinesis with this HTML 500 (checked with curl against the shared moto); the
 * in-JVM fake below answers the same, so the test needs no moto. AWS always names an error code on
 * a 500 (InternalFailure), so the hint must not appear then.
 */
class StreamsCborHintTest {
    /** moto_server's answer, byte for byte (Werkzeug's default 500 page). */
    private static final String MOTO_500 = "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
            + "<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to"
            + " complete your request. Either the server is overloaded or there is an error in the"
            + " application.</p>\n";

    private HttpServer server;
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private volatile boolean awsStyle;
    private AwsKit kit;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        kit = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint("http://127.0.0.1:" + server.getAddress().getPort())
                .retryPolicy(RetryPolicy.none())
                .build();
    }

    @AfterEach
    void stop() {
        kit.close();
        server.stop(0);
    }

    private void answer(HttpExchange x) throws IOException {
        x.getRequestBody().readAllBytes();
        contentTypes.add(String.valueOf(x.getRequestHeaders().getFirst("Content-Type")));
        byte[] body;
        if (awsStyle) {
            x.getResponseHeaders().add("x-amzn-ErrorType", "InternalFailure");
            x.getResponseHeaders().add("x-amzn-RequestId", "req-1");
            body = new byte[0];
        } else {
            x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            body = MOTO_500.getBytes(StandardCharsets.UTF_8);
        }
        x.sendResponseHeaders(500, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void endpointAnsweringCborWithAnHtml500_isAwsKitExceptionSayingHowToSwitchTheSdkToJson() {
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        assertThatThrownBy(() -> Kinesis.of(kit).stream("my-events").exists())
                .isExactlyInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("DescribeStreamSummary for Kinesis stream 'my-events' in us-east-1 failed: ")
                .hasMessageEndingWith(" The endpoint " + endpoint + " answered HTTP 500 without an AWS error"
                        + " code: it may not speak CBOR, the wire format the AWS SDK uses for Kinesis (moto's"
                        + " Kinesis does not; kinesis-mock, LocalStack and AWS do). Start the JVM with"
                        + " -Daws.cborEnabled=false, or set the environment variable CBOR_ENABLED=false, and the"
                        + " SDK sends JSON; the switch is JVM-wide, so the kit does not set it for you.")
                .hasCauseInstanceOf(AwsServiceException.class);
        assertThat(contentTypes).containsOnly("application/x-amz-cbor-1.1");
    }

    @Test
    void awsStyle500WithAnErrorCode_getsNoCborHint() {
        awsStyle = true;
        assertThatThrownBy(() -> Kinesis.of(kit).stream("my-events").exists())
                .isExactlyInstanceOf(AwsKitException.class)
                .hasMessageStartingWith("DescribeStreamSummary for Kinesis stream 'my-events' in us-east-1 failed: ")
                .hasMessageContaining("InternalFailure")
                .hasMessageEndingWith(" The SDK's retries ran out: try again later.")
                .hasCauseInstanceOf(AwsServiceException.class);
    }
}

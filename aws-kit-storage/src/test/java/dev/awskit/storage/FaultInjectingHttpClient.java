package dev.awskit.storage;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client for the SDK that fails a share of requests the ways S3 and networks fail: 500
 * InternalError and 503 SlowDown without reaching the server, a connection reset before sending, a
 * reset after the server acted (the answer is lost), and a response body cut off half-way.
 */
final class FaultInjectingHttpClient implements SdkHttpClient {
    enum Fault {
        INTERNAL_ERROR,
        SLOW_DOWN,
        RESET_BEFORE,
        RESET_AFTER,
        TRUNCATED_BODY
    }

    private final SdkHttpClient delegate;
    private final double rate;
    private final Random random = new Random(7);
    final AtomicLong requests = new AtomicLong();
    final Map<Fault, AtomicLong> injected = new ConcurrentHashMap<>();
    /** CreateMultipartUpload calls whose answer a reset threw away: S3 started an upload nobody knows. */
    final AtomicLong lostCreateMultipartUploads = new AtomicLong();

    FaultInjectingHttpClient(SdkHttpClient delegate, double rate) {
        this.delegate = delegate;
        this.rate = rate;
    }

    private synchronized Fault roll() {
        if (random.nextDouble() >= rate) {
            return null;
        }
        return Fault.values()[random.nextInt(Fault.values().length)];
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        requests.incrementAndGet();
        Fault fault = roll();
        if (fault == null) {
            return delegate.prepareRequest(request);
        }
        injected.computeIfAbsent(fault, f -> new AtomicLong()).incrementAndGet();
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                switch (fault) {
                    case INTERNAL_ERROR:
                        return error(500, "InternalError", "We encountered an internal error. Please try again.");
                    case SLOW_DOWN:
                        return error(503, "SlowDown", "Please reduce your request rate.");
                    case RESET_BEFORE:
                        throw new SocketException("Connection reset (injected before sending)");
                    case RESET_AFTER: {
                        HttpExecuteResponse r = delegate.prepareRequest(request).call();
                        if (request.httpRequest().method() == software.amazon.awssdk.http.SdkHttpMethod.POST
                                && request.httpRequest().rawQueryParameters().containsKey("uploads")) {
                            lostCreateMultipartUploads.incrementAndGet();
                        }
                        r.responseBody().ifPresent(b -> {
                            try {
                                b.close();
                            } catch (IOException e) {
                                // ignored: the connection is being dropped anyway
                            }
                        });
                        throw new SocketException("Connection reset (injected after the server answered)");
                    }
                    default: {
                        HttpExecuteResponse r = delegate.prepareRequest(request).call();
                        if (request.httpRequest().method() != SdkHttpMethod.GET
                                || r.responseBody().isEmpty()
                                || r.httpResponse().statusCode() != 200) {
                            return r;
                        }
                        long length = r.httpResponse()
                                .firstMatchingHeader("Content-Length")
                                .map(Long::parseLong)
                                .orElse(2L);
                        return HttpExecuteResponse.builder()
                                .response(r.httpResponse())
                                .responseBody(AbortableInputStream.create(
                                        new Truncated(r.responseBody().get(), Math.max(1, length / 2))))
                                .build();
                    }
                }
            }

            @Override
            public void abort() {}
        };
    }

    private static HttpExecuteResponse error(int status, String code, String message) {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                        + "</Message><RequestId>injected</RequestId></Error>")
                .getBytes(StandardCharsets.UTF_8);
        SdkHttpResponse response = SdkHttpResponse.builder()
                .statusCode(status)
                .putHeader("Content-Type", "application/xml")
                .putHeader("Content-Length", Integer.toString(body.length))
                .putHeader("x-amz-request-id", "injected")
                .build();
        return HttpExecuteResponse.builder()
                .response(response)
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                .build();
    }

    /** Passes {@code limit} bytes, then fails like a reset connection. */
    private static final class Truncated extends FilterInputStream {
        private long left;

        Truncated(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                throw new SocketException("Connection reset (injected mid-body)");
            }
            left--;
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                throw new SocketException("Connection reset (injected mid-body)");
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String clientName() {
        return "FaultInjecting(" + delegate.clientName() + ")";
    }
}

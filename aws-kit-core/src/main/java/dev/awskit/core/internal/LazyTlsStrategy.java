package dev.awskit.core.internal;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.ssl.SSLInitializationException;
import software.amazon.awssdk.http.SystemPropertyTlsKeyManagersProvider;

/**
 * The TLS set-up of the kit's sync (Apache 5) HTTP client, built on the first {@code https}
 * connection instead of when the client is built. The SDK's default builds an {@link SSLContext}
 * (the JSSE provider, the default trust store's certificates, key managers) with the client, which
 * costs 2-5 % of a short command's CPU even when every endpoint is {@code http://} (an emulator).
 *
 * <p>What it builds is what the SDK's default builds: {@code SSLContext.getInstance("TLS")} with the
 * key managers of the {@code javax.net.ssl.keyStore} system properties, the JVM's default trust
 * managers, and Apache's {@link DefaultHostnameVerifier}.
 */
final class LazyTlsStrategy implements TlsSocketStrategy {
    private volatile TlsSocketStrategy delegate;

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
            throws IOException {
        return delegate().upgrade(socket, target, port, attachment, context);
    }

    private TlsSocketStrategy delegate() {
        TlsSocketStrategy d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    d = new DefaultClientTlsStrategy(newContext(), new DefaultHostnameVerifier());
                    delegate = d;
                }
            }
        }
        return d;
    }

    private static SSLContext newContext() {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(SystemPropertyTlsKeyManagersProvider.create().keyManagers(), null, null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new SSLInitializationException(e.getMessage(), e);
        }
    }
}

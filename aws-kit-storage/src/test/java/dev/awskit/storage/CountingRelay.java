package dev.awskit.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of a server that counts the bytes the server sent to the client, with an
 * optional bandwidth cap. It relays bytes unchanged (the Host header, hence the SigV4 signature,
 * stays valid). Counting bytes on the wire tells whether a client drained or aborted a response.
 */
final class CountingRelay implements AutoCloseable {
    private final ServerSocket server;
    private final URI upstream;
    private final long bytesPerSecond;
    private final AtomicLong downstreamBytes = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;

    CountingRelay(URI upstream, long bytesPerSecond) throws IOException {
        this.upstream = upstream;
        this.bytesPerSecond = bytesPerSecond;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "counting-relay");
        t.setDaemon(true);
        t.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Bytes the server sent towards the client (all connections). */
    long serverBytes() {
        return downstreamBytes.get();
    }

    /** Connections currently open. */
    int openConnections() {
        return open.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket up = new Socket();
                up.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()));
                open.incrementAndGet();
                AtomicInteger halves = new AtomicInteger(2);
                Runnable done = () -> {
                    if (halves.decrementAndGet() == 0) {
                        open.decrementAndGet();
                    }
                    closeQuietly(client);
                    closeQuietly(up);
                };
                pump(client, up, null, done);
                pump(up, client, downstreamBytes, done);
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counter, Runnable done) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[16 * 1024];
                    long start = System.nanoTime();
                    long sent = 0;
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            out.write(buf, 0, n);
                            out.flush();
                            if (counter != null) {
                                counter.addAndGet(n);
                                sent += n;
                                if (bytesPerSecond > 0) {
                                    long due = start + sent * 1_000_000_000L / bytesPerSecond;
                                    long wait = due - System.nanoTime();
                                    if (wait > 0) {
                                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                                    }
                                }
                            }
                        }
                    } catch (IOException e) {
                        // the other side went away: the relay ends this connection
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.run();
                    }
                },
                "counting-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}

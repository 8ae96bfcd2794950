package dev.awskit.benchmarks.ecr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy that delays every byte by a fixed one-way time in each direction, as a long link
 * does: a request reaches the server {@code delay} after it was sent and its answer comes back
 * {@code delay} later (a round trip of twice the delay), while a stream flows at full rate once
 * it has started (a delay line, not a pause per chunk). Bytes pass through unchanged, the
 * {@code Host} header included, so a registry's upload {@code Location} names the proxy and every
 * request of a copy crosses the link. Connection set-up is not delayed (the proxy accepts at once).
 * For {@code benchmarks/compare/ecr-latency.sh}: what a copy between regions pays in round trips.
 */
final class DelayLineProxy implements AutoCloseable {
    private static final byte[] END = new byte[0];

    private record Chunk(long dueNanos, byte[] bytes) {}

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final long delayNanos;
    private volatile boolean closed;

    DelayLineProxy(InetSocketAddress upstream, long delayMillis) throws IOException {
        this.upstream = upstream;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        daemon("delay-accept", this::accept).start();
    }

    int port() {
        return server.getLocalPort();
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket up = new Socket();
                up.connect(upstream, 10_000);
                client.setTcpNoDelay(true);
                up.setTcpNoDelay(true);
                AtomicInteger open = new AtomicInteger(2);
                pipe(client, up, open);
                pipe(up, client, open);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("delay-line proxy: " + e);
                }
            }
        }
    }

    /** One direction: a reader stamps each chunk with when it is due, a writer sends it then. */
    private void pipe(Socket from, Socket to, AtomicInteger open) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        BlockingQueue<Chunk> line = new LinkedBlockingQueue<>();
        daemon("delay-read", () -> {
                    byte[] buf = new byte[64 * 1024];
                    try {
                        for (int n; (n = in.read(buf)) > 0; ) {
                            line.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
                        }
                    } catch (IOException e) {
                        // the socket closed: pass the end on after the delay
                    }
                    line.add(new Chunk(System.nanoTime() + delayNanos, END));
                })
                .start();
        daemon("delay-write", () -> {
                    try {
                        while (true) {
                            Chunk c = line.take();
                            long wait = c.dueNanos() - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            }
                            if (c.bytes() == END) {
                                to.shutdownOutput();
                                if (open.decrementAndGet() == 0) { // both directions ended
                                    closeQuietly(from);
                                    closeQuietly(to);
                                }
                                return;
                            }
                            out.write(c.bytes());
                        }
                    } catch (IOException | InterruptedException e) {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                })
                .start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}

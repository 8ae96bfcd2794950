package dev.awskit.net;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 CIDR block such as {@code 10.0.0.0/16}, or a single address ({@code 10.0.1.4} is
 * {@code 10.0.1.4/32}). All arithmetic is done by the IPAddress library.
 *
 * <pre>{@code
 * Cidr vpc = Cidr.of("10.0.0.0/16");
 * vpc.split(24).get(3);                       // 10.0.3.0/24
 * Cidr.of("10.0.3.0/24").reserved();          // .0 network, .1 router, .2 DNS, .3 reserved, .255 broadcast
 * Cidr.of("10.0.3.0/24").usableAddresses();   // 251
 * vpc.overlaps(Cidr.of("10.0.128.0/17"));     // true
 * }</pre>
 */
public final class Cidr implements Comparable<Cidr> {
    /** AWS reserves the first four and the last address of every subnet. */
    public static final int RESERVED_PER_SUBNET = 5;

    /** Parsing is the expensive part of a reachability question; the same few blocks recur. */
    private static final int CACHE_LIMIT = 10_000;

    /** No IPv4 block needs more characters than this, even with spaces around it. */
    private static final int MAX_TEXT = 256;

    private static final Pattern STRICT =
            Pattern.compile("(?:0|[1-9][0-9]{0,2})(?:\\.(?:0|[1-9][0-9]{0,2})){3}(?:/(0|[1-9][0-9]?))?");

    private static final Map<String, Cidr> CACHE = new ConcurrentHashMap<>();

    private static final Cidr ANYWHERE = of("0.0.0.0/0");

    private final IPAddress block;
    private final String text;
    private final long lo;
    private final long hi;

    private Cidr(IPAddress block) {
        this.block = block;
        this.lo = block.getLower().getValue().longValue();
        this.hi = block.getUpper().getValue().longValue();
        this.text = block.getLower().withoutPrefixLength().toCanonicalString() + "/" + prefixLengthOf(block);
    }

    /**
     * Parses {@code 10.0.0.0/16} or a single IPv4 address.
     *
     * @throws IllegalArgumentException if the text is not an IPv4 CIDR block or has host bits set
     */
    public static Cidr of(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        Cidr cached = CACHE.get(cidr);
        if (cached != null) {
            return cached;
        }
        Cidr parsed = parse(cidr);
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(cidr, parsed);
        return parsed;
    }

    private static Cidr parse(String cidr) {
        IPAddress address;
        String shown = shown(cidr);
        if (cidr.length() > MAX_TEXT) {
            throw new IllegalArgumentException("'" + shown + "' is not a CIDR block; expected the form 10.0.0.0/16");
        }
        String text = cidr.trim();
        if (text.indexOf(':') >= 0) {
            throw new IllegalArgumentException(
                    "'" + shown + "' is not an IPv4 CIDR block; expected the form 10.0.0.0/16");
        }
        Matcher m = STRICT.matcher(text);
        if (!m.matches() || (m.group(1) != null && Integer.parseInt(m.group(1)) > 32)) {
            // the IPAddress library also reads inet_aton forms (10.1, 012.0.0.0 in octal), wildcards,
            // ranges and masks, and wraps a prefix past 2^32 (10.0.0.0/4294967312 was 10.0.0.0/16):
            // EC2 takes none of them
            throw new IllegalArgumentException("'" + shown + "' is not a CIDR block; expected the form 10.0.0.0/16"
                    + " (four numbers 0-255 without leading zeros, then /0 to /32)");
        }
        try {
            address = new IPAddressString(text).toAddress();
        } catch (AddressStringException e) {
            throw new IllegalArgumentException(
                    "'" + shown + "' is not a CIDR block; expected the form 10.0.0.0/16 (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            // IPAddress 5.6 threw ArrayIndexOutOfBoundsException for a prefix past Integer.MAX_VALUE
            // ("10.0.0.0/11955458928"); STRICT keeps those out now, and whatever else it throws is
            // still about the user's text
            throw new IllegalArgumentException(
                    "'" + shown + "' is not a CIDR block; expected the form 10.0.0.0/16 with a prefix length 0-32", e);
        }
        if (address == null || !address.isIPv4()) {
            throw new IllegalArgumentException(
                    "'" + shown + "' is not an IPv4 CIDR block; expected the form 10.0.0.0/16");
        }
        if (!address.isPrefixed()) {
            address = address.setPrefixLength(32, false);
        }
        IPAddress prefixBlock = address.toPrefixBlock();
        if (!address.getLower()
                        .withoutPrefixLength()
                        .equals(prefixBlock.getLower().withoutPrefixLength())
                || address.getCount().compareTo(prefixBlock.getCount()) != 0) {
            throw new IllegalArgumentException(
                    "'" + cidr + "' has host bits set; did you mean " + new Cidr(prefixBlock) + "?");
        }
        return new Cidr(prefixBlock);
    }

    /** Echoes user input in a message, cut to a readable length. */
    private static String shown(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "... (" + text.length() + " characters)";
    }

    /** {@code 0.0.0.0/0}. */
    public static Cidr anywhere() {
        return ANYWHERE;
    }

    /** The prefix length: 16 for {@code 10.0.0.0/16}. */
    public int prefixLength() {
        return prefixLengthOf(block);
    }

    /** The first address of the block, without prefix: {@code 10.0.0.0}. */
    public String networkAddress() {
        return block.getLower().withoutPrefixLength().toCanonicalString();
    }

    /** The last address of the block: {@code 10.0.255.255} for {@code 10.0.0.0/16}. */
    public String lastAddress() {
        return block.getUpper().withoutPrefixLength().toCanonicalString();
    }

    /** How many addresses the block spans (including the ones AWS reserves). */
    public long size() {
        return block.getCount().longValueExact();
    }

    /** Addresses left for interfaces once AWS took its five; never negative. */
    public long usableAddresses() {
        return Math.max(0, size() - RESERVED_PER_SUBNET);
    }

    /**
     * The five addresses AWS reserves in a subnet with this block: network address, VPC router,
     * DNS server, reserved for future use, and the broadcast address.
     */
    public List<String> reserved() {
        if (size() < 8) {
            throw new IllegalStateException(this + " is smaller than the smallest AWS subnet (/28)");
        }
        IPAddress lower = block.getLower().withoutPrefixLength();
        return List.of(
                lower.toCanonicalString(),
                lower.increment(1).toCanonicalString(),
                lower.increment(2).toCanonicalString(),
                lower.increment(3).toCanonicalString(),
                lastAddress());
    }

    /** The first address an interface can get: the fifth address of the block. */
    public String firstUsableAddress() {
        if (size() < 8) {
            return networkAddress();
        }
        return block.getLower().withoutPrefixLength().increment(4).toCanonicalString();
    }

    /** Whether every address of {@code other} lies in this block. */
    public boolean contains(Cidr other) {
        return lo <= other.lo && other.hi <= hi;
    }

    /** Whether the single address {@code ip} lies in this block. */
    public boolean contains(String ip) {
        return contains(of(ip));
    }

    /** Whether the two blocks share at least one address. */
    public boolean overlaps(Cidr other) {
        return lo <= other.hi && other.lo <= hi;
    }

    /** Whether this is a single address (/32). */
    public boolean isSingleAddress() {
        return prefixLength() == 32;
    }

    /** All blocks of prefix length {@code prefixLength} in this block, in address order. */
    public List<Cidr> split(int prefixLength) {
        if (prefixLength < prefixLength() || prefixLength > 32) {
            throw new IllegalArgumentException("cannot split " + this + " into /" + prefixLength
                    + " blocks; expected a prefix length between " + prefixLength() + " and 32");
        }
        long count = 1L << (prefixLength - prefixLength());
        if (count > 1_000_000) {
            throw new IllegalArgumentException("splitting " + this + " into /" + prefixLength + " gives " + count
                    + " blocks; use next(...) to walk them instead");
        }
        List<Cidr> out = new ArrayList<>((int) count);
        Iterator<? extends IPAddress> it =
                block.setPrefixLength(prefixLength, false).prefixBlockIterator();
        while (it.hasNext()) {
            out.add(new Cidr(it.next()));
        }
        return out;
    }

    /**
     * The first block of length {@code prefixLength} that starts at or after {@code fromAddress}
     * (aligned to its own size), or {@code null} if it would leave this block.
     */
    Cidr nextAligned(String fromAddress, int prefixLength) {
        IPAddress start = new IPAddressString(fromAddress).getAddress().withoutPrefixLength();
        IPAddress candidate = start.setPrefixLength(prefixLength, false).toPrefixBlock();
        if (candidate.getLower().withoutPrefixLength().compareTo(start) < 0) {
            IPAddress upper = candidate.getUpper().withoutPrefixLength();
            if (upper.getUpper().equals(block.getUpper().withoutPrefixLength())
                    || upper.toCanonicalString().equals("255.255.255.255")) {
                return null;
            }
            candidate = upper.increment(1).setPrefixLength(prefixLength, false).toPrefixBlock();
        }
        Cidr next = new Cidr(candidate);
        return contains(next) ? next : null;
    }

    /** The address right after the last one of this block, or {@code null} at the end of IPv4. */
    String addressAfter() {
        IPAddress upper = block.getUpper().withoutPrefixLength();
        if (upper.toCanonicalString().equals("255.255.255.255")) {
            return null;
        }
        return upper.increment(1).toCanonicalString();
    }

    /** Position of this block's first address as an unsigned number, for sorting. */
    BigInteger start() {
        return block.getLower().getValue();
    }

    private static int prefixLengthOf(IPAddress a) {
        Integer p = a.getNetworkPrefixLength();
        return p == null ? 32 : p;
    }

    @Override
    public int compareTo(Cidr o) {
        int c = start().compareTo(o.start());
        return c != 0 ? c : Integer.compare(prefixLength(), o.prefixLength());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr && ((Cidr) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** {@code 10.0.0.0/16}. */
    @Override
    public String toString() {
        return text;
    }
}

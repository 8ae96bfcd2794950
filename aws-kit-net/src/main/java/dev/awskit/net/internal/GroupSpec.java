package dev.awskit.net.internal;

import dev.awskit.net.Peer;
import dev.awskit.net.Protocol;
import dev.awskit.net.SecurityGroup;
import dev.awskit.net.Traffic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads security groups written the way people describe them: {@code "alb: 80 from anywhere;
 * app: all TCP from the alb group"}. Groups are separated by {@code ;}, rules by {@code ,}; a
 * rule is {@code <traffic> from <source>}.
 */
public final class GroupSpec {
    public static final String FORM = "'name: <traffic> from <source>[, ...][; ...]' where traffic is 80, 8000-8080,"
            + " tcp 443, udp 53, icmp, all tcp, all udp or all traffic, and source is anywhere, a CIDR block, an sg- id,"
            + " 'group NAME' or 'the NAME group'";

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern PORTS =
            Pattern.compile("(?:(tcp|udp)\\s+)?(\\d+)(?:\\s*-\\s*(\\d+))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern CIDR = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+(?:/\\d+)?");
    private static final Pattern NAMED_GROUP =
            Pattern.compile("(?:the\\s+)?([A-Za-z0-9._-]+)\\s+(?:security\\s+)?group", Pattern.CASE_INSENSITIVE);
    private static final Pattern GROUP_NAMED =
            Pattern.compile("(?:security\\s+)?group\\s+([A-Za-z0-9._-]+)", Pattern.CASE_INSENSITIVE);

    private GroupSpec() {}

    public static List<SecurityGroup> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty security group description; expected " + FORM);
        }
        List<SecurityGroup> out = new ArrayList<>();
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + shown(part.trim()) + "' has no 'name:'; expected " + FORM);
            }
            String name = part.substring(0, colon).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(
                        "'" + shown(part.trim()) + "' has no group name before ':'; expected " + FORM);
            }
            SecurityGroup.Builder g = SecurityGroup.named(name);
            for (String rule : part.substring(colon + 1).split(",", -1)) {
                String[] words = WHITESPACE.split(rule.trim());
                int from = indexOfFrom(words);
                if (from < 0) {
                    throw new IllegalArgumentException(
                            "rule '" + shown(rule.trim()) + "' has no 'from'; expected " + FORM);
                }
                g.allow(traffic(String.join(" ", Arrays.asList(words).subList(0, from))))
                        .from(source(String.join(" ", Arrays.asList(words).subList(from + 1, words.length))));
            }
            out.add(g.build());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(
                    "'" + shown(spec.trim()) + "' describes no security group; expected " + FORM);
        }
        return out;
    }

    /** The first "from" with words on both sides (the words are split on whitespace: linear time). */
    private static int indexOfFrom(String[] words) {
        for (int i = 1; i < words.length - 1; i++) {
            if (words[i].equalsIgnoreCase("from")) {
                return i;
            }
        }
        return -1;
    }

    /** Echoes user input in a message, cut to a readable length. */
    static String shown(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "... (" + text.length() + " characters)";
    }

    private static int port(String digits, String text) {
        if (digits.length() > 5 || Integer.parseInt(digits) > Traffic.MAX_PORT) {
            throw new IllegalArgumentException(
                    "port " + shown(digits) + " in '" + shown(text) + "' is not between 0 and 65535; expected " + FORM);
        }
        return Integer.parseInt(digits);
    }

    private static Traffic traffic(String text) {
        String t = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        switch (t) {
            case "all tcp":
                return Traffic.of(Protocol.TCP, Traffic.MIN_PORT, Traffic.MAX_PORT);
            case "all udp":
                return Traffic.of(Protocol.UDP, Traffic.MIN_PORT, Traffic.MAX_PORT);
            case "all":
            case "all traffic":
                return Traffic.of(Protocol.ALL, -1, -1);
            case "icmp":
                return Traffic.of(Protocol.ICMP, -1, -1);
            default:
                Matcher m = PORTS.matcher(t);
                if (!m.matches()) {
                    throw new IllegalArgumentException("unknown traffic '" + shown(text) + "'; expected " + FORM);
                }
                int from = port(m.group(2), text);
                int to = m.group(3) == null ? from : port(m.group(3), text);
                return Traffic.of("udp".equals(m.group(1)) ? Protocol.UDP : Protocol.TCP, from, to);
        }
    }

    private static Peer source(String text) {
        if (text.equalsIgnoreCase("anywhere") || text.equalsIgnoreCase("everywhere")) {
            return Peer.cidr("0.0.0.0/0");
        }
        if (CIDR.matcher(text).matches()) {
            return Peer.cidr(text);
        }
        if (text.startsWith("sg-")) {
            return Peer.group(text);
        }
        Matcher named = NAMED_GROUP.matcher(text);
        if (named.matches()) {
            return Peer.group(named.group(1));
        }
        Matcher group = GROUP_NAMED.matcher(text);
        if (group.matches()) {
            return Peer.group(group.group(1));
        }
        throw new IllegalArgumentException("unknown source '" + shown(text) + "'; expected " + FORM);
    }
}

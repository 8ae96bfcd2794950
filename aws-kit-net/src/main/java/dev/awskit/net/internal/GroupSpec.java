package dev.awskit.net.internal;

import dev.awskit.net.NetDsl;
import dev.awskit.net.Peer;
import dev.awskit.net.SecurityGroup;
import dev.awskit.net.Traffic;
import java.util.ArrayList;
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

    private static final Pattern RULE = Pattern.compile("(.+?)\\s+from\\s+(.+)", Pattern.CASE_INSENSITIVE);
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
                throw new IllegalArgumentException("'" + part.trim() + "' has no 'name:'; expected " + FORM);
            }
            SecurityGroup.Builder g =
                    SecurityGroup.named(part.substring(0, colon).trim());
            for (String rule : part.substring(colon + 1).split(",")) {
                Matcher m = RULE.matcher(rule.trim());
                if (!m.matches()) {
                    throw new IllegalArgumentException("rule '" + rule.trim() + "' has no 'from'; expected " + FORM);
                }
                g.allow(traffic(m.group(1).trim())).from(source(m.group(2).trim()));
            }
            out.add(g.build());
        }
        return out;
    }

    private static Traffic traffic(String text) {
        String t = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        switch (t) {
            case "all tcp":
                return NetDsl.allTcp();
            case "all udp":
                return Traffic.of(dev.awskit.net.Protocol.UDP, Traffic.MIN_PORT, Traffic.MAX_PORT);
            case "all":
            case "all traffic":
                return NetDsl.all();
            case "icmp":
                return NetDsl.icmp();
            default:
                Matcher m = PORTS.matcher(t);
                if (!m.matches()) {
                    throw new IllegalArgumentException("unknown traffic '" + text + "'; expected " + FORM);
                }
                int from = Integer.parseInt(m.group(2));
                int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
                return "udp".equals(m.group(1)) ? NetDsl.udp(from, to) : NetDsl.tcp(from, to);
        }
    }

    private static Peer source(String text) {
        if (text.equalsIgnoreCase("anywhere") || text.equalsIgnoreCase("everywhere")) {
            return NetDsl.anywhere();
        }
        if (CIDR.matcher(text).matches()) {
            return NetDsl.cidr(text);
        }
        if (text.startsWith("sg-")) {
            return NetDsl.group(text);
        }
        Matcher named = NAMED_GROUP.matcher(text);
        if (named.matches()) {
            return NetDsl.group(named.group(1));
        }
        Matcher group = GROUP_NAMED.matcher(text);
        if (group.matches()) {
            return NetDsl.group(group.group(1));
        }
        throw new IllegalArgumentException("unknown source '" + text + "'; expected " + FORM);
    }
}

package dev.awskit.net;

/** IP protocols that security groups and network ACLs filter on. */
public enum Protocol {
    TCP("tcp", "6"),
    UDP("udp", "17"),
    ICMP("icmp", "1"),
    /** Every protocol ({@code -1} in the EC2 API). */
    ALL("all", "-1");

    private final String label;
    private final String number;

    Protocol(String label, String number) {
        this.label = label;
        this.number = number;
    }

    /** {@code tcp}, {@code udp}, {@code icmp} or {@code all}. */
    public String label() {
        return label;
    }

    /** The protocol number as the EC2 API writes it in NACL entries: {@code 6}, {@code 17}, {@code 1}, {@code -1}. */
    public String number() {
        return number;
    }

    /**
     * Reads the EC2 API's spelling: a name ({@code tcp}) or a number ({@code 6}, {@code -1}).
     *
     * @throws IllegalArgumentException for other protocols (they are not modelled)
     */
    public static Protocol parse(String value) {
        for (Protocol p : values()) {
            if (p.label.equalsIgnoreCase(value) || p.number.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "unsupported protocol '" + value + "'; expected tcp, udp, icmp, all or 6, 17, 1, -1");
    }
}

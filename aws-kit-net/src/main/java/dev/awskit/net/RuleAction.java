package dev.awskit.net;

/** What a network ACL entry does with matching traffic. */
public enum RuleAction {
    ALLOW,
    DENY;

    /** {@code allow} or {@code deny}, as the EC2 API spells it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.awskit.core;

/**
 * The configuration cannot be resolved: an unknown profile, no region, unreadable config files.
 * The message names what was searched and how to fix it.
 */
public final class ConfigurationException extends AwsKitException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message, null, 1, false);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause, 1, false);
    }
}

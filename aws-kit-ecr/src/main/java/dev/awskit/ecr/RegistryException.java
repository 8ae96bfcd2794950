package dev.awskit.ecr;

import dev.awskit.core.AwsKitException;

/**
 * A registry (OCI distribution protocol) refused a request or could not be reached. The message
 * names the registry host, the repository and what to check; {@link #statusCode()} is the HTTP
 * status (0 for I/O failures).
 */
public class RegistryException extends AwsKitException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;

    public RegistryException(String message, int statusCode, boolean retryable) {
        super(message, null, 1, retryable);
        this.statusCode = statusCode;
    }

    public RegistryException(String message, int statusCode, boolean retryable, Throwable cause) {
        super(message, cause, 1, retryable);
        this.statusCode = statusCode;
    }

    /** The HTTP status the registry answered with, or 0 when there was no answer. */
    public int statusCode() {
        return statusCode;
    }
}

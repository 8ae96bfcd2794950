package dev.awskit.ecr;

import dev.awskit.core.AwsKitException;

/**
 * An image copy cannot be done as asked: a blob whose bytes do not match its digest, an immutable
 * target tag that points at another image, a source image that does not exist, a manifest format
 * we do not copy. Never retried: trying again gives the same answer.
 */
public class ImageCopyException extends AwsKitException {
    private static final long serialVersionUID = 1L;

    public ImageCopyException(String message) {
        super(message, null, 1, false);
    }

    public ImageCopyException(String message, Throwable cause) {
        super(message, cause, 1, false);
    }
}

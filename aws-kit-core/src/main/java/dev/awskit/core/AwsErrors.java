package dev.awskit.core;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one place that classifies AWS failures. Both the kit's {@link RetryPolicy} and every module
 * ask it, so "what is worth retrying" has a single answer.
 */
public final class AwsErrors {
    private static final Set<String> THROTTLING_CODES = Set.of(
            "Throttling",
            "ThrottlingException",
            "ThrottledException",
            "RequestThrottledException",
            "RequestThrottled",
            "ProvisionedThroughputExceededException",
            "SlowDown",
            "RequestLimitExceeded",
            "TooManyRequestsException",
            "BandwidthLimitExceeded",
            "EC2ThrottledException",
            "PriorRequestNotComplete",
            "TransactionInProgressException");

    private static final Set<String> SERVER_CODES = Set.of(
            "InternalError",
            "InternalFailure",
            "InternalServerError",
            "InternalServerException",
            "InternalServiceException",
            "RequestTimeout",
            "RequestTimeoutException",
            "ServiceUnavailable",
            "ServiceUnavailableException");

    private static final Set<String> CLOCK_SKEW_CODES =
            Set.of("RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException");

    /**
     * strerror texts of local storage failures (Linux, macOS, Windows). The JDK raises them as a
     * plain {@link IOException} from a write, so the message is all there is to go by.
     */
    private static final List<String> LOCAL_STORAGE_MESSAGES = List.of(
            "no space left on device",
            "disk quota exceeded",
            "read-only file system",
            "file too large",
            "not enough space on the disk",
            "is a directory",
            "not a directory");

    private static final Set<Integer> SERVER_STATUS = Set.of(500, 502, 503, 504);

    private AwsErrors() {}

    /** The AWS error code anywhere in the cause chain, e.g. {@code NoSuchBucket}. */
    public static Optional<String> errorCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof AwsServiceException ase
                    && ase.awsErrorDetails() != null
                    && ase.awsErrorDetails().errorCode() != null) {
                return Optional.of(ase.awsErrorDetails().errorCode());
            }
        }
        return Optional.empty();
    }

    /** The HTTP status of the service error in the cause chain, or 0. */
    public static int statusCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SdkServiceException sse) {
                return sse.statusCode();
            }
        }
        return 0;
    }

    /** The AWS request id of the service error in the cause chain. */
    public static Optional<String> requestId(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SdkServiceException sse && sse.requestId() != null) {
                return Optional.of(sse.requestId());
            }
        }
        return Optional.empty();
    }

    /**
     * Throttling: the service asks the caller to slow down. Includes HTTP 429 and a {@code
     * LimitExceededException} whose message speaks of a rate (a quota such as "two access keys"
     * is not throttling and is not retried).
     */
    public static boolean isThrottling(Throwable t) {
        Optional<String> code = errorCode(t);
        if (code.isPresent()) {
            if (THROTTLING_CODES.contains(code.get())) {
                return true;
            }
            if (code.get().equals("LimitExceededException") || code.get().equals("LimitExceeded")) {
                String m = messageOf(t).toLowerCase(Locale.ROOT);
                return m.contains("rate") || m.contains("throttl") || m.contains("too many requests");
            }
        }
        return statusCode(t) == 429;
    }

    /** A server-side failure: HTTP 500, 502, 503, 504 or an internal-error code. */
    public static boolean isServerError(Throwable t) {
        return errorCode(t).map(SERVER_CODES::contains).orElse(false) || SERVER_STATUS.contains(statusCode(t));
    }

    /** The request was signed with a clock too far from AWS's. */
    public static boolean isClockSkew(Throwable t) {
        Optional<String> code = errorCode(t);
        if (code.isEmpty() || !CLOCK_SKEW_CODES.contains(code.get())) {
            return false;
        }
        if (code.get().equals("InvalidSignatureException")) {
            return messageOf(t).toLowerCase(Locale.ROOT).contains("signature expired");
        }
        return true;
    }

    /**
     * A failure of the local file system anywhere in the cause chain: a {@code java.nio.file}
     * exception ({@link java.nio.file.NoSuchFileException}, {@link
     * java.nio.file.AccessDeniedException}, any {@link FileSystemException}), a {@link
     * FileNotFoundException}, or an {@link IOException} saying the disk is full, over quota or
     * read-only. Never transient: trying again re-sends the same bytes into the same wall (a full
     * disk would re-download an object, a vanished file restart a multipart upload), so neither
     * retry owner retries it, even when an SDK client exception around it says "retryable".
     */
    public static boolean isLocalFileSystemError(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 32; c = c.getCause(), depth++) {
            if (c instanceof FileSystemException || c instanceof FileNotFoundException) {
                return true;
            }
            if (c instanceof IOException && c.getMessage() != null) {
                String m = c.getMessage().toLowerCase(Locale.ROOT);
                for (String s : LOCAL_STORAGE_MESSAGES) {
                    if (m.contains(s)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * How many HTTP attempts lie behind a failure: the {@link AwsKitException#attempts()} or the
     * SDK's {@link SdkException#numAttempts()} nearest the top of the cause chain, else 1.
     */
    public static int attempts(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 32; c = c.getCause(), depth++) {
            if (c instanceof AwsKitException k) {
                return k.attempts();
            }
            if (c instanceof SdkException se && se.numAttempts() != null && se.numAttempts() > 0) {
                return se.numAttempts();
            }
        }
        return 1;
    }

    /**
     * A transient I/O failure: a reset or refused connection, a timeout, a truncated response.
     * Service errors (the server answered) and local file-system errors ({@link
     * #isLocalFileSystemError(Throwable)}) are never transient I/O.
     */
    public static boolean isTransientIo(Throwable t) {
        if (statusCode(t) != 0 || isLocalFileSystemError(t)) {
            return false;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ApiCallAttemptTimeoutException) {
                return true;
            }
            if (c instanceof IOException && !(c instanceof InterruptedIOException && isInterrupt(c))) {
                return true;
            }
            if (c instanceof UncheckedIOException) {
                return true;
            }
            if (c instanceof SdkClientException sce && (sce.retryable() || isTruncatedResponse(sce))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A response body the SDK could not read to its end: a 200 answer cut mid-body (a reset, a
     * proxy) fails as "Could not parse XML response" or "Unable to unmarshall response", which the
     * SDK does not retry. A server that answered in full never produces these, so they are treated
     * as a transient transport failure (found with FaultProxy's cut bodies on moto's CopyObject).
     */
    private static boolean isTruncatedResponse(SdkClientException e) {
        String m = e.getMessage();
        return m != null
                && (m.startsWith("Could not parse XML response") || m.startsWith("Unable to unmarshall response"));
    }

    /** Whether any retry owner should try again: throttling, server errors, transient I/O, clock skew. */
    public static boolean isRetryable(Throwable t) {
        return isThrottling(t) || isServerError(t) || isTransientIo(t) || isClockSkew(t);
    }

    /**
     * Whether the error says the resource does not exist: a 404, a {@code NoSuch*} or
     * {@code *NotFound*} code, or a {@code ValidationError} saying it "does not exist", which is how
     * CloudFormation answers for a stack it does not know ({@code Stack with id X does not exist}, HTTP
     * 400; see the DescribeStacks page of the AWS CloudFormation API Reference, "Errors", and the
     * ValidationError entry of its Common Errors page).
     */
    public static boolean isNotFound(Throwable t) {
        Optional<String> code = errorCode(t);
        if (code.isPresent()) {
            String c = code.get();
            if (c.startsWith("NoSuch") || c.contains("NotFound")) {
                return true;
            }
            if (c.equals("ValidationError") && messageOf(t).contains(" does not exist")) {
                return true;
            }
        }
        return statusCode(t) == 404;
    }

    /** Whether the error is an authorization failure (403, AccessDenied, UnauthorizedOperation...). */
    public static boolean isAccessDenied(Throwable t) {
        Optional<String> code = errorCode(t);
        if (code.isPresent()) {
            String c = code.get();
            if (c.startsWith("AccessDenied") || c.equals("UnauthorizedOperation") || c.equals("Forbidden")) {
                return true;
            }
        }
        return statusCode(t) == 403;
    }

    /**
     * A short description for messages: {@code "SlowDown (503): Please reduce your request rate"}.
     * It never ends with a period (AWS's messages usually do), so a caller ends the sentence itself:
     * {@code what + " failed: " + AwsErrors.describe(e) + ". Try again later."}.
     */
    public static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        Optional<String> code = errorCode(t);
        int status = statusCode(t);
        String message = messageOf(t);
        StringBuilder b = new StringBuilder();
        code.ifPresent(b::append);
        if (status != 0) {
            b.append(b.length() > 0 ? " (" + status + ")" : "HTTP " + status);
        }
        if (b.length() == 0) {
            b.append(t.getClass().getSimpleName());
        }
        String sentence = withoutFinalPeriod(message);
        if (!sentence.isEmpty()) {
            b.append(": ").append(sentence);
        }
        return b.toString();
    }

    /** The text without trailing white space and periods; an ellipsis ("...") is kept as written. */
    private static String withoutFinalPeriod(String text) {
        String s = text.strip();
        if (s.endsWith("...")) {
            return s;
        }
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end).strip();
    }

    private static boolean isInterrupt(Throwable c) {
        return c.getClass() == InterruptedIOException.class;
    }

    private static String messageOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof AwsServiceException ase
                    && ase.awsErrorDetails() != null
                    && ase.awsErrorDetails().errorMessage() != null) {
                return ase.awsErrorDetails().errorMessage();
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                return c.getMessage();
            }
        }
        return "";
    }
}

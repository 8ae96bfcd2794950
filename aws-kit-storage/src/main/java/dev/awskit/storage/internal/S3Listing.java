package dev.awskit.storage.internal;

import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Streams a flat ListObjectsV2 listing in key order, 1,000 keys per request, and skips over
 * prefixes the filters exclude entirely: at the first key under such a prefix {@code P} the
 * listing restarts with {@code StartAfter = P + U+10FFFF}, so at most the rest of one page of
 * {@code P} is ever fetched, however many objects it holds (the CLI pages through all of them,
 * aws-cli #1138 / #7653). Zero-byte keys ending in {@code /} (console folder markers) are skipped,
 * as the CLI skips them.
 */
public final class S3Listing extends LookaheadListing {
    /** The largest code point: every key starting with P and a real character sorts before P + this. */
    private static final String AFTER_EVERYTHING = new String(Character.toChars(Character.MAX_CODE_POINT));

    private final S3Client s3;
    private final String bucket;
    private final String root;
    private final Filters filters;
    private final boolean canPrune;
    private List<S3Object> page = List.of();
    private int index;
    private String token;
    private String startAfter;
    private boolean started;
    private String lastDir;
    private String lastSkipped;
    private long skippedKeys;
    private long requests;

    /**
     * @param root the key prefix that is the sync's root: {@code ""} or ending in {@code /}
     */
    public S3Listing(S3Client s3, String bucket, String root, Filters filters) {
        this.s3 = s3;
        this.bucket = bucket;
        this.root = root;
        this.filters = filters;
        this.canPrune = filters.canPrune();
    }

    private boolean fetch() {
        if (started && token == null) {
            return false;
        }
        ListObjectsV2Request.Builder r =
                ListObjectsV2Request.builder().bucket(bucket).prefix(root);
        if (token != null) {
            r.continuationToken(token);
        } else if (startAfter != null) {
            r.startAfter(startAfter);
        }
        ListObjectsV2Response resp = s3.listObjectsV2(r.build());
        requests++;
        started = true;
        page = resp.contents();
        index = 0;
        token = Boolean.TRUE.equals(resp.isTruncated()) ? resp.nextContinuationToken() : null;
        return true;
    }

    @Override
    protected Entry advance() {
        while (true) {
            if (index >= page.size()) {
                if (!fetch()) {
                    return null;
                }
                continue;
            }
            S3Object o = page.get(index++);
            String key = o.key();
            long size = o.size() == null ? 0 : o.size();
            if ((size == 0 && key.endsWith("/")) || !key.startsWith(root) || key.length() == root.length()) {
                continue;
            }
            String rel = key.substring(root.length());
            if (canPrune) {
                int slash = rel.lastIndexOf('/');
                if (slash >= 0
                        && (lastDir == null
                                || !rel.regionMatches(0, lastDir, 0, lastDir.length())
                                || lastDir.length() != slash + 1)) {
                    String excludedDir = excludedAncestor(rel, slash);
                    if (excludedDir != null) {
                        skippedKeys++;
                        if (!excludedDir.equals(lastSkipped)) {
                            // jump past the whole prefix; if the store lists it again (a key beyond
                            // U+10FFFF), the keys are filtered one by one instead of looping
                            lastSkipped = excludedDir;
                            pruned++;
                            token = null;
                            startAfter = root + excludedDir + AFTER_EVERYTHING;
                            started = false;
                            page = List.of();
                            index = 0;
                        }
                        continue;
                    }
                    lastDir = rel.substring(0, slash + 1);
                }
            }
            return new Entry(
                    rel, size, o.lastModified() == null ? 0 : o.lastModified().toEpochMilli(), Etags.unquote(o.eTag()));
        }
    }

    /** The shortest directory of {@code rel} (up to {@code lastSlash}) the filters exclude entirely. */
    private String excludedAncestor(String rel, int lastSlash) {
        for (int i = rel.indexOf('/'); i >= 0 && i <= lastSlash; i = rel.indexOf('/', i + 1)) {
            String dir = rel.substring(0, i + 1);
            if (filters.excludesAllUnder(dir)) {
                return dir;
            }
        }
        return null;
    }

    @Override
    public long skippedKeys() {
        return skippedKeys;
    }

    /** ListObjectsV2 requests made so far. */
    public long requests() {
        return requests;
    }
}

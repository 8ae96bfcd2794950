package dev.awskit.iam.internal;

/**
 * Points of the rotation flow where tests inject a crash (see {@link Checkpoints}). Each is passed
 * right after the work it names has finished.
 */
public enum Checkpoint {
    PROFILE_READ,
    USER_IDENTIFIED,
    KEYS_LISTED,
    OTHER_KEY_DELETED,
    KEY_CREATED,
    KEY_VERIFIED,
    TEMP_FILE_WRITTEN,
    TEMP_FILE_SYNCED,
    BACKUP_WRITTEN,
    FILE_RENAMED,
    FILE_WRITTEN,
    OLD_KEY_DEACTIVATED,
    OLD_KEY_DELETED
}

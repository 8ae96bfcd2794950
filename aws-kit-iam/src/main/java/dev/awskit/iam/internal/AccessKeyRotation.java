package dev.awskit.iam.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.Wait;
import dev.awskit.core.WaitTimeoutException;
import dev.awskit.iam.AccessKeyRotationException;
import dev.awskit.iam.RotateAccessKeyRequest;
import dev.awskit.iam.RotationReport;
import dev.awskit.iam.RotationReport.Outcome;
import dev.awskit.iam.RotationReportBuilder;
import dev.awskit.iam.RotationStep;
import dev.awskit.iam.RotationStep.Status;
import dev.awskit.iam.RotationStep.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyLastUsed;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * One run of the rotation flow of {@link dev.awskit.iam.Iam#rotateAccessKey}. Not reusable.
 *
 * <p>Invariant: the credentials file always holds a key that works. It is rewritten once, after the
 * new key was verified, and the old key is deactivated only after that write.
 */
final class AccessKeyRotation {
    private static final Logger LOG = LoggerFactory.getLogger(AccessKeyRotation.class);

    /** Error codes that a just-created key returns for a few seconds while IAM propagates it. */
    private static final Set<String> PROPAGATION_CODES = Set.of(
            "InvalidClientTokenId",
            "InvalidAccessKeyId",
            "UnrecognizedClientException",
            "AuthFailure",
            "SignatureDoesNotMatch");

    /** Makes one call exactly one HTTP attempt (for CreateAccessKey, which is not idempotent). */
    private static final SdkPlugin NO_SDK_RETRIES =
            config -> config.overrideConfiguration(config.overrideConfiguration().toBuilder()
                    .retryStrategy(AwsRetryStrategy.doNotRetry())
                    .build());

    private final AwsKit kit;
    private final RotateAccessKeyRequest request;
    private final String profile;
    private final Path file;
    private final Clock clock;
    private final Checkpoints hooks;
    private final Region region;
    private final long startNanos = System.nanoTime();

    private final List<RotationStep> steps = new ArrayList<>();
    private final List<String> remaining = new ArrayList<>();
    private final List<String> updatedProfiles = new ArrayList<>();
    private final List<AwsKit> ownedKits = new ArrayList<>();
    private final Set<String> known = new LinkedHashSet<>();
    private final List<String> straysDeleted = new ArrayList<>();
    private String otherKeyDeleted;
    private String userArn;
    private String userName;
    private String oldKeyId;
    private NewKey newKey;
    private Path backup;
    private AwsKit oldKit;
    private AwsKit newKit;

    AccessKeyRotation(
            AwsKit kit, RotateAccessKeyRequest request, String profile, Path file, Clock clock, Checkpoints hooks) {
        this.kit = kit;
        this.request = request;
        this.profile = profile;
        this.file = file;
        this.clock = clock;
        this.hooks = hooks;
        this.region = kit.configuredRegion().orElse(Region.US_EAST_1);
    }

    RotationReport run() {
        try {
            return rotate();
        } finally {
            for (AwsKit k : ownedKits) {
                try {
                    k.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing a helper kit failed", e);
                }
            }
        }
    }

    private RotationReport rotate() {
        // 1. the profile's key, and the user it belongs to
        Path real;
        byte[] original;
        CredentialsFile parsed;
        String oldSecret;
        try {
            real = AtomicFiles.realPath(file);
        } catch (IOException e) {
            throw refuse(Step.READ_PROFILE, "Cannot resolve the credentials file " + file + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(real)) {
            throw refuse(
                    Step.READ_PROFILE,
                    "There is no credentials file at " + file + ", so there is no key of profile '" + profile
                            + "' to rotate. Point AWS_SHARED_CREDENTIALS_FILE (or credentialsFile(...)) at the"
                            + " file that holds it.",
                    null);
        }
        // before anything can refuse: a killed run's temp file may hold a secret
        List<String> stale;
        try {
            stale = AtomicFiles.removeStaleTemps(real.getParent(), clock);
        } catch (IOException e) {
            throw refuse(
                    Step.READ_PROFILE,
                    "Cannot look for temp files left in " + real.getParent() + " by an interrupted rotation ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + ").",
                    e);
        }
        if (!stale.isEmpty()) {
            LOG.warn(
                    "removed {} left in {} by an interrupted rotation (they may have held a secret)",
                    stale,
                    real.getParent());
        }
        try {
            original = Files.readAllBytes(real);
            parsed = CredentialsFile.parse(original);
        } catch (IOException | IllegalArgumentException e) {
            throw refuse(
                    Step.READ_PROFILE,
                    "Cannot read the credentials file " + file + ": " + e.getMessage()
                            + ". Fix the file, then rotate again.",
                    e);
        }
        if (!parsed.hasProfile(profile)) {
            throw refuse(
                    Step.READ_PROFILE,
                    "Profile '" + profile + "' is not in " + file + " (profiles there: " + parsed.profiles()
                            + "). Name one of those with profile(...).",
                    null);
        }
        Optional<String> keyId = parsed.get(profile, CredentialsFile.ACCESS_KEY_ID);
        Optional<String> secret = parsed.get(profile, CredentialsFile.SECRET_ACCESS_KEY);
        if (keyId.isEmpty()
                || keyId.get().isBlank()
                || secret.isEmpty()
                || secret.get().isBlank()) {
            throw refuse(
                    Step.READ_PROFILE,
                    "Profile '" + profile + "' in " + file + " has no aws_access_key_id and aws_secret_access_key"
                            + " (SSO, role and process profiles have no long-term key to rotate).",
                    null);
        }
        oldKeyId = keyId.get();
        oldSecret = secret.get();
        if (parsed.get(profile, CredentialsFile.SESSION_TOKEN).isPresent() || oldKeyId.startsWith("ASIA")) {
            throw refuse(
                    Step.READ_PROFILE,
                    "Profile '" + profile + "' in " + file + " holds temporary session credentials ("
                            + oldKeyId + (oldKeyId.startsWith("ASIA") ? ", an ASIA key" : "")
                            + " with aws_session_token). Session keys expire on their own and cannot be rotated,"
                            + " and IAM refuses access-key calls from a session that was not created with MFA."
                            + " Rotate the long-term key (AKIA...) of the user in its own profile instead.",
                    null);
        }
        for (String key : List.of(CredentialsFile.ACCESS_KEY_ID, CredentialsFile.SECRET_ACCESS_KEY)) {
            OptionalInt line = parsed.continuationLine(profile, key);
            if (line.isPresent()) {
                throw refuse(
                        Step.READ_PROFILE,
                        "The " + key + " of profile '" + profile + "' in " + file + " continues on line "
                                + line.getAsInt() + ": an indented line continues the value before it for the AWS"
                                + " SDKs and CLI (comments included), so no SDK can use this key. Remove the"
                                + " indentation of line " + line.getAsInt() + ", then rotate again.",
                        null);
            }
        }
        List<String> sharing = new ArrayList<>(parsed.profilesWithAccessKey(oldKeyId));
        sharing.remove(profile);
        if (!sharing.isEmpty() && !request.updateAllProfiles()) {
            throw refuse(
                    Step.READ_PROFILE,
                    "Key " + oldKeyId + " of profile '" + profile + "' is also the key of " + profileList(sharing)
                            + " in " + file + "; deactivating it would break "
                            + (sharing.size() == 1 ? "that profile" : "those profiles")
                            + ". Rotate with updateAllProfiles() to write the new key to every profile that holds the"
                            + " old one.",
                    null);
        }
        try {
            AtomicFiles.checkWritable(real);
        } catch (IOException e) {
            throw refuse(
                    Step.READ_PROFILE,
                    "Cannot write next to " + real + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); the new key could not be saved atomically there. Make the directory "
                            + real.getParent() + " writable, then rotate again.",
                    e);
        }
        done(
                Step.READ_PROFILE,
                "profile '" + profile + "' holds " + oldKeyId + " in " + real
                        + (stale.isEmpty()
                                ? ""
                                : "; removed " + String.join(", ", stale)
                                        + ", left by an interrupted rotation (a temp file may hold a secret)"),
                0);
        hooks.reached(Checkpoint.PROFILE_READ);

        oldKit = kitFor(oldKeyId, oldSecret);
        AtomicInteger attempts = new AtomicInteger();
        GetCallerIdentityResponse id;
        try {
            id = kit.retryPolicy()
                    .execute(
                            "sts:GetCallerIdentity with " + oldKeyId + " (profile " + profile + ", region " + region
                                    + ")",
                            () -> {
                                attempts.incrementAndGet();
                                return oldKit.client(StsClient.class, region).getCallerIdentity();
                            });
        } catch (AwsKitException e) {
            String code = AwsErrors.errorCode(e).orElse("");
            if (PROPAGATION_CODES.contains(code)) {
                throw refuse(
                        Step.IDENTIFY_USER,
                        "STS does not accept " + oldKeyId + " of profile '" + profile + "' (" + code
                                + "): the key is deleted, deactivated or mistyped, so it cannot be rotated with"
                                + " itself. Create a key in the console or with another profile.",
                        e);
            }
            throw fail(Step.IDENTIFY_USER, "Could not find the user of " + oldKeyId + ": " + e.getMessage(), e);
        }
        userArn = id.arn();
        int slash = userArn.lastIndexOf('/');
        if (!userArn.contains(":user/") || slash < 0) {
            throw refuse(
                    Step.IDENTIFY_USER,
                    "Key " + oldKeyId + " of profile '" + profile + "' belongs to " + userArn
                            + ", which is not an IAM user. Only IAM users have access keys to rotate"
                            + (userArn.endsWith(":root") ? " (root keys should be deleted, not rotated)" : "") + ".",
                    null);
        }
        userName = userArn.substring(slash + 1);
        done(Step.IDENTIFY_USER, "key " + oldKeyId + " belongs to " + userArn, attempts.get());
        hooks.reached(Checkpoint.USER_IDENTIFIED);

        // 2. the user's keys
        IamClient oldIam = oldKit.client(IamClient.class, region);
        attempts.set(0);
        List<AccessKeyMetadata> keys;
        try {
            keys = kit.retryPolicy().execute("iam:ListAccessKeys for user " + userName, () -> {
                attempts.incrementAndGet();
                return oldIam.listAccessKeysPaginator(r -> r.userName(userName)).accessKeyMetadata().stream()
                        .collect(Collectors.toList());
            });
        } catch (AwsKitException e) {
            throw fail(
                    Step.LIST_KEYS,
                    "Could not list the access keys of user " + userName + ": " + e.getMessage()
                            + hintForAccessDenied(e, "iam:ListAccessKeys"),
                    e);
        }
        List<AccessKeyMetadata> others =
                keys.stream().filter(k -> !k.accessKeyId().equals(oldKeyId)).collect(Collectors.toList());
        known.addAll(keys.stream().map(AccessKeyMetadata::accessKeyId).collect(Collectors.toList()));
        if (others.isEmpty()) {
            done(Step.LIST_KEYS, "user " + userName + " has 1 key: " + oldKeyId, attempts.get());
            hooks.reached(Checkpoint.KEYS_LISTED);
            steps.add(RotationStep.of(Step.DELETE_OTHER_KEY, Status.SKIPPED, "no other key", 0));
        } else {
            AccessKeyMetadata other = others.get(0);
            String otherDesc = describeKey(oldIam, other);
            if (!request.deleteOtherKey()) {
                throw refuse(
                        Step.LIST_KEYS,
                        "User " + userName + " already has two access keys, the most IAM allows: " + oldKeyId
                                + " (profile '" + profile + "') and " + otherDesc + ". Delete " + other.accessKeyId()
                                + " first (aws iam delete-access-key --user-name " + userName + " --access-key-id "
                                + other.accessKeyId() + ") or rotate with deleteOtherKey().",
                        null);
            }
            List<String> users = parsed.profilesWithAccessKey(other.accessKeyId());
            if (!users.isEmpty()) {
                throw refuse(
                        Step.LIST_KEYS,
                        "User " + userName + " already has two access keys, and the other one, " + other.accessKeyId()
                                + ", is the key of " + profileList(users) + " in " + file
                                + ": deleteOtherKey() would break "
                                + (users.size() == 1 ? "that profile" : "those profiles")
                                + ". Rotate profile '" + users.get(0) + "' instead, or move it to another key first.",
                        null);
            }
            done(Step.LIST_KEYS, "user " + userName + " has 2 keys: " + oldKeyId + " and " + otherDesc, attempts.get());
            hooks.reached(Checkpoint.KEYS_LISTED);
            attempts.set(0);
            try {
                kit.retryPolicy().run("iam:DeleteAccessKey " + other.accessKeyId() + " of user " + userName, () -> {
                    attempts.incrementAndGet();
                    deleteKey(oldIam, other.accessKeyId());
                });
            } catch (AwsKitException e) {
                throw fail(
                        Step.DELETE_OTHER_KEY,
                        "Could not delete the other key " + other.accessKeyId() + " of user " + userName + ": "
                                + e.getMessage(),
                        e);
            }
            done(Step.DELETE_OTHER_KEY, "deleted " + otherDesc + " (deleteOtherKey)", attempts.get());
            otherKeyDeleted = other.accessKeyId();
            known.remove(otherKeyDeleted);
            hooks.reached(Checkpoint.OTHER_KEY_DELETED);
        }

        // 3. the new key; its secret stays in this object only. CreateAccessKey is not idempotent: the
        // SDK does not retry it; before another attempt, the keys are listed and a key that a call
        // whose answer was lost created (its secret is gone with the answer) is deleted.
        attempts.set(0);
        try {
            CreateAccessKeyResponse created = kit.retryPolicy()
                    .execute("iam:CreateAccessKey for user " + userName, () -> {
                        if (attempts.getAndIncrement() > 0) {
                            deleteStrayKeys(oldIam);
                        }
                        return oldIam.createAccessKey(
                                r -> r.userName(userName).overrideConfiguration(o -> o.addPlugin(NO_SDK_RETRIES)));
                    });
            newKey = new NewKey(
                    created.accessKey().accessKeyId(), created.accessKey().secretAccessKey());
        } catch (AwsKitException e) {
            String code = AwsErrors.errorCode(e).orElse("");
            String why = code.startsWith("LimitExceeded")
                    ? " User " + userName + " has two keys now (one was created since the listing?); run"
                            + " 'aws iam list-access-keys --user-name " + userName + "' and delete the one not in"
                            + " use."
                    : hintForAccessDenied(e, "iam:CreateAccessKey");
            String leftover = "";
            if (AwsErrors.isRetryable(e) || !AwsErrors.errorCode(e).isPresent()) {
                // the last attempt's answer may have been lost too
                try {
                    deleteStrayKeys(oldIam);
                } catch (RuntimeException again) {
                    leftover = " A key may have been created by a call whose answer was lost: run 'aws iam"
                            + " list-access-keys --user-name " + userName + "' and delete any key but " + oldKeyId
                            + ".";
                }
            }
            String changed = otherKeyDeleted == null
                    ? " Nothing was changed."
                    : " The other key " + otherKeyDeleted + " was deleted (deleteOtherKey()); " + file
                            + " is untouched and still holds " + oldKeyId + ", which still works.";
            throw fail(
                    Step.CREATE_KEY,
                    "Could not create a new access key for user " + userName + ": " + e.getMessage() + "." + why
                            + leftover + strayNote() + changed,
                    e);
        }
        done(Step.CREATE_KEY, "created " + newKey.id + " for user " + userName + strayNote(), attempts.get());
        LOG.info("created access key {} for user {} (profile {})", newKey.id, userName, profile);

        // 4 + 5: any failure from here on deletes the new key and leaves the file untouched
        try {
            hooks.reached(Checkpoint.KEY_CREATED);
            verifyNewKey();
            hooks.reached(Checkpoint.KEY_VERIFIED);
            writeFile(real, original);
        } catch (RuntimeException e) {
            if (fileHoldsNewKey(real)) {
                // the rename happened; the file is on the new, verified key: carry on
                LOG.warn("a failure after the credentials file was written: {}", e.toString());
                steps.removeIf(s -> s.step() == Step.WRITE_FILE);
                updatedProfiles.clear();
                updatedProfiles.addAll(profilesHoldingNewKey(real));
                done(Step.WRITE_FILE, "wrote " + newKey.id + " to " + updatedProfiles + " in " + real, 0);
            } else {
                throw rollBack(e);
            }
        }
        hooks.reached(Checkpoint.FILE_WRITTEN);

        // 6. the old key: deactivate now, delete when asked
        boolean deactivated =
                changeOldKey(Step.DEACTIVATE_OLD_KEY, "iam:UpdateAccessKey " + oldKeyId + " Inactive", iam -> {
                    iam.updateAccessKey(
                            r -> r.userName(userName).accessKeyId(oldKeyId).status(StatusType.INACTIVE));
                    return null;
                });
        if (deactivated) {
            hooks.reached(Checkpoint.OLD_KEY_DEACTIVATED);
        } else {
            remaining.add("Deactivate the old key: aws iam update-access-key --user-name " + userName
                    + " --access-key-id " + oldKeyId + " --status Inactive");
        }
        if (request.deleteOld()) {
            boolean deleted = changeOldKey(Step.DELETE_OLD_KEY, "iam:DeleteAccessKey " + oldKeyId, iam -> {
                deleteKey(iam, oldKeyId);
                return null;
            });
            if (deleted) {
                hooks.reached(Checkpoint.OLD_KEY_DELETED);
            } else {
                remaining.add("Delete the old key: aws iam delete-access-key --user-name " + userName
                        + " --access-key-id " + oldKeyId);
            }
        } else {
            steps.add(RotationStep.of(
                    Step.DELETE_OLD_KEY,
                    Status.SKIPPED,
                    "kept " + oldKeyId + " (inactive) to delete later; rotate with deleteOld() to delete it",
                    0));
        }
        RotationReport r = report(remaining.isEmpty() ? Outcome.ROTATED : Outcome.ROTATED_WITH_REMAINING_WORK);
        if (remaining.isEmpty()) {
            LOG.info("rotated profile {}: {} -> {}", profile, oldKeyId, newKey.id);
        } else {
            LOG.warn("rotated profile {} to {}, with work remaining: {}", profile, newKey.id, remaining);
        }
        return r;
    }

    private void verifyNewKey() {
        newKit = kitFor(newKey.id, newKey.secret);
        StsClient sts = newKit.client(StsClient.class, region);
        AtomicInteger attempts = new AtomicInteger();
        GetCallerIdentityResponse r;
        try {
            r = Wait.until("STS to accept the new key " + newKey.id + " of user " + userName)
                    .timeout(request.verifyTimeout())
                    .firstDelay(Duration.ofMillis(100))
                    .maxDelay(Duration.ofSeconds(2))
                    .pollWithState(() -> {
                        attempts.incrementAndGet();
                        try {
                            return Wait.Outcome.done(sts.getCallerIdentity());
                        } catch (RuntimeException e) {
                            String code = AwsErrors.errorCode(e).orElse("");
                            if (PROPAGATION_CODES.contains(code) || AwsErrors.isRetryable(e)) {
                                return Wait.Outcome.notYet(code.isEmpty() ? AwsErrors.describe(e) : code);
                            }
                            throw e;
                        }
                    });
        } catch (WaitTimeoutException e) {
            steps.add(RotationStep.of(Step.VERIFY_NEW_KEY, Status.FAILED, e.getMessage(), attempts.get()));
            throw e;
        } catch (RuntimeException e) {
            steps.add(RotationStep.of(
                    Step.VERIFY_NEW_KEY,
                    Status.FAILED,
                    "STS refused the new key: " + AwsErrors.describe(e),
                    attempts.get()));
            throw e;
        }
        if (!userArn.equals(r.arn())) {
            String msg = "STS says the new key " + newKey.id + " belongs to " + r.arn() + ", not " + userArn;
            steps.add(RotationStep.of(Step.VERIFY_NEW_KEY, Status.FAILED, msg, attempts.get()));
            throw new AwsKitException(msg);
        }
        done(Step.VERIFY_NEW_KEY, "STS GetCallerIdentity with " + newKey.id + " returned " + r.arn(), attempts.get());
    }

    private void writeFile(Path real, byte[] original) {
        try {
            byte[] now = Files.readAllBytes(real);
            if (!java.util.Arrays.equals(now, original)) {
                throw new AwsKitException("The credentials file " + real + " was changed by another program during"
                        + " the rotation; it was left as that program wrote it.");
            }
            CredentialsFile cf = CredentialsFile.parse(original);
            Set<String> targets = new LinkedHashSet<>();
            targets.add(profile);
            if (request.updateAllProfiles()) {
                targets.addAll(cf.profilesWithAccessKey(oldKeyId));
            }
            for (String p : targets) {
                cf.set(p, CredentialsFile.ACCESS_KEY_ID, newKey.id);
                cf.set(p, CredentialsFile.SECRET_ACCESS_KEY, newKey.secret);
            }
            Optional<Path> b = AtomicFiles.replace(real, cf.toBytes(), request.backup(), clock, hooks);
            backup = b.orElse(null);
            updatedProfiles.addAll(targets);
            // read back what a crash would leave: it must parse and hold the new key
            CredentialsFile check = CredentialsFile.parse(Files.readAllBytes(real));
            if (!check.get(profile, CredentialsFile.ACCESS_KEY_ID).orElse("").equals(newKey.id)) {
                throw new AwsKitException("The credentials file " + real + " does not hold the new key after writing");
            }
        } catch (IOException e) {
            steps.add(RotationStep.of(
                    Step.WRITE_FILE, Status.FAILED, "could not write " + real + ": " + e.getMessage(), 0));
            throw new AwsKitException("Could not write the credentials file " + real + ": " + e, e);
        } catch (RuntimeException e) {
            steps.add(RotationStep.of(Step.WRITE_FILE, Status.FAILED, e.getMessage(), 0));
            throw e;
        }
        done(
                Step.WRITE_FILE,
                "wrote " + newKey.id + " to " + updatedProfiles + " in " + real
                        + (backup != null ? ", previous file kept as " + backup.getFileName() : ""),
                0);
    }

    private boolean fileHoldsNewKey(Path real) {
        try {
            return CredentialsFile.parse(Files.readAllBytes(real))
                    .get(profile, CredentialsFile.ACCESS_KEY_ID)
                    .filter(newKey.id::equals)
                    .isPresent();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private List<String> profilesHoldingNewKey(Path real) {
        try {
            return CredentialsFile.parse(Files.readAllBytes(real)).profilesWithAccessKey(newKey.id);
        } catch (IOException | RuntimeException e) {
            return List.of(profile);
        }
    }

    /** Deletes the new key after a failure before the file was written, then throws. */
    private AccessKeyRotationException rollBack(RuntimeException cause) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            IamClient iam = oldKit.client(IamClient.class, region);
            kit.retryPolicy().run("iam:DeleteAccessKey " + newKey.id + " (rollback)", () -> {
                attempts.incrementAndGet();
                deleteKey(iam, newKey.id);
            });
            done(Step.ROLLBACK_DELETE_NEW_KEY, "deleted the new key " + newKey.id, attempts.get());
            String msg = "Rotating the key of profile '" + profile + "' (user " + userName + ") failed: "
                    + safeMessage(cause) + ". The new key " + newKey.id + " was deleted; " + file
                    + " is untouched and still holds " + oldKeyId + ".";
            LOG.warn(msg);
            return new AccessKeyRotationException(msg, cause, report(Outcome.ROLLED_BACK));
        } catch (RuntimeException e) {
            steps.add(RotationStep.of(
                    Step.ROLLBACK_DELETE_NEW_KEY, Status.FAILED, AwsErrors.describe(e), attempts.get()));
            remaining.add("Delete the unused new key: aws iam delete-access-key --user-name " + userName
                    + " --access-key-id " + newKey.id);
            String msg = "Rotating the key of profile '" + profile + "' (user " + userName + ") failed: "
                    + safeMessage(cause) + ", and deleting the new key " + newKey.id + " failed too ("
                    + AwsErrors.describe(e) + "). " + file + " is untouched and still holds " + oldKeyId
                    + ". Delete " + newKey.id + " by hand: aws iam delete-access-key --user-name " + userName
                    + " --access-key-id " + newKey.id;
            LOG.warn(msg);
            AccessKeyRotationException ex = new AccessKeyRotationException(msg, cause, report(Outcome.FAILED));
            ex.addSuppressed(e);
            return ex;
        }
    }

    /**
     * Deactivates or deletes the old key, with the new key first (retrying while IAM propagates
     * it), then with the old key; records the step.
     */
    private boolean changeOldKey(Step step, String what, Function<IamClient, Void> call) {
        AtomicInteger attempts = new AtomicInteger();
        RuntimeException last = null;
        IamClient withNew = newKit.client(IamClient.class, region);
        try {
            Wait.until(what + " with the new key " + newKey.id)
                    .timeout(request.verifyTimeout())
                    .firstDelay(Duration.ofMillis(100))
                    .maxDelay(Duration.ofSeconds(2))
                    .pollWithState(() -> {
                        attempts.incrementAndGet();
                        try {
                            call.apply(withNew);
                            return Wait.Outcome.done(Boolean.TRUE);
                        } catch (RuntimeException e) {
                            String code = AwsErrors.errorCode(e).orElse("");
                            if (PROPAGATION_CODES.contains(code) || AwsErrors.isRetryable(e)) {
                                return Wait.Outcome.notYet(code.isEmpty() ? AwsErrors.describe(e) : code);
                            }
                            throw e;
                        }
                    });
            done(step, doneText(step) + " with the new key", attempts.get());
            return true;
        } catch (RuntimeException e) {
            last = e;
            LOG.debug("{} with the new key failed: {}", what, AwsErrors.describe(e));
        }
        try {
            IamClient withOld = oldKit.client(IamClient.class, region);
            attempts.incrementAndGet();
            call.apply(withOld);
            done(
                    step,
                    doneText(step) + " with the old key (the new one was refused: " + AwsErrors.describe(last) + ")",
                    attempts.get());
            return true;
        } catch (RuntimeException e) {
            steps.add(RotationStep.of(
                    step,
                    Status.FAILED,
                    what + " failed with the new key (" + AwsErrors.describe(last) + ") and with the old key ("
                            + AwsErrors.describe(e) + ")",
                    attempts.get()));
            LOG.warn("{} failed: {}", what, AwsErrors.describe(e));
            return false;
        }
    }

    private String doneText(Step step) {
        return (step == Step.DEACTIVATE_OLD_KEY ? "deactivated " : "deleted ") + oldKeyId;
    }

    /** Deletes a key; NoSuchEntity (a retried call whose first answer was lost) counts as deleted. */
    private void deleteKey(IamClient iam, String keyId) {
        try {
            iam.deleteAccessKey(r -> r.userName(userName).accessKeyId(keyId));
        } catch (RuntimeException e) {
            if (!"NoSuchEntity".equals(AwsErrors.errorCode(e).orElse(""))) {
                throw e;
            }
            LOG.debug("{} of user {} was deleted already", keyId, userName);
        }
    }

    /** Lists the user's keys and deletes those this run did not know: made by a CreateAccessKey whose answer was lost. */
    private void deleteStrayKeys(IamClient iam) {
        List<String> now = iam.listAccessKeysPaginator(r -> r.userName(userName)).accessKeyMetadata().stream()
                .map(AccessKeyMetadata::accessKeyId)
                .collect(Collectors.toList());
        for (String id : now) {
            if (!known.contains(id)) {
                deleteKey(iam, id);
                straysDeleted.add(id);
                LOG.warn(
                        "deleted access key {} of user {}: a CreateAccessKey whose answer was lost made it, and its"
                                + " secret is lost with the answer",
                        id,
                        userName);
            }
        }
    }

    private String strayNote() {
        return straysDeleted.isEmpty()
                ? ""
                : " (deleted " + String.join(", ", straysDeleted) + ", made by a CreateAccessKey call whose answer"
                        + " was lost)";
    }

    private static String profileList(List<String> profiles) {
        return (profiles.size() == 1 ? "profile '" : "profiles '") + String.join("', '", profiles) + "'";
    }

    private String describeKey(IamClient iam, AccessKeyMetadata k) {
        String used;
        try {
            AccessKeyLastUsed lu = iam.getAccessKeyLastUsed(r -> r.accessKeyId(k.accessKeyId()))
                    .accessKeyLastUsed();
            used = lu == null || lu.lastUsedDate() == null
                    ? "never used"
                    : "last used " + lu.lastUsedDate() + " by " + lu.serviceName() + " in " + lu.region();
        } catch (RuntimeException e) {
            used = "last use unknown (" + AwsErrors.describe(e) + ")";
        }
        return k.accessKeyId() + " (" + k.statusAsString() + ", created " + k.createDate() + ", " + used + ")";
    }

    private static String hintForAccessDenied(Throwable e, String action) {
        return AwsErrors.isAccessDenied(e)
                ? " The user needs " + action + " on itself (arn:aws:iam::ACCOUNT:user/${aws:username})."
                : "";
    }

    /**
     * The kit whose calls are signed by {@code keyId}: this kit when its own credentials are that key,
     * else a helper kit with the same region, endpoints, retry policy and HTTP settings.
     */
    private AwsKit kitFor(String keyId, String secret) {
        try {
            AwsCredentials own = kit.credentialsProvider().resolveCredentials();
            // the same key id is not enough: the kit may have read another secret for it
            if (keyId.equals(own.accessKeyId())
                    && secret.equals(own.secretAccessKey())
                    && !(own instanceof AwsSessionCredentials)) {
                return kit;
            }
        } catch (RuntimeException e) {
            LOG.debug("the kit's own credentials are unavailable; using the profile's key");
        }
        String none = Path.of(System.getProperty("java.io.tmpdir"), "aws-kit-none-" + UUID.randomUUID())
                .toString();
        AwsKit.Builder b = AwsKit.builder()
                .region(region)
                .credentials(keyId, secret)
                .retryPolicy(kit.retryPolicy())
                .http(kit.http())
                .environment(Map.of("AWS_CONFIG_FILE", none, "AWS_SHARED_CREDENTIALS_FILE", none));
        for (String service : List.of("iam", "sts")) {
            kit.endpoint(service).ifPresent(u -> b.endpoint(service, u.toString()));
        }
        AwsKit k = b.build();
        ownedKits.add(k);
        return k;
    }

    private void done(Step step, String detail, int attempts) {
        steps.add(RotationStep.of(step, Status.DONE, detail, attempts));
    }

    private AccessKeyRotationException refuse(Step step, String message, Throwable cause) {
        steps.add(RotationStep.of(step, Status.REFUSED, message, 0));
        LOG.warn("access-key rotation refused: {}", message);
        return new AccessKeyRotationException(message, cause, report(Outcome.REFUSED));
    }

    private AccessKeyRotationException fail(Step step, String message, Throwable cause) {
        steps.add(RotationStep.of(step, Status.FAILED, message, 0));
        return new AccessKeyRotationException(message, cause, report(Outcome.FAILED));
    }

    private String safeMessage(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = newKey != null ? m.replace(newKey.secret, "****") : m;
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    private RotationReport report(Outcome outcome) {
        RotationReportBuilder b = RotationReport.builder()
                .outcome(outcome)
                .profile(profile)
                .credentialsFile(file)
                .addAllSteps(steps)
                .addAllRemaining(remaining)
                .addAllUpdatedProfiles(updatedProfiles)
                .duration(Duration.ofNanos(System.nanoTime() - startNanos));
        Optional.ofNullable(userArn).ifPresent(b::userArn);
        Optional.ofNullable(userName).ifPresent(b::userName);
        Optional.ofNullable(oldKeyId).ifPresent(b::oldAccessKeyId);
        Optional.ofNullable(newKey).ifPresent(k -> b.newAccessKeyId(k.id));
        Optional.ofNullable(backup).ifPresent(b::backupFile);
        return b.build();
    }

    /** The new key; the secret is never printed. */
    private static final class NewKey {
        final String id;
        final String secret;

        NewKey(String id, String secret) {
            this.id = id;
            this.secret = secret;
        }

        @Override
        public String toString() {
            return "NewKey{" + id + ", secret=****}";
        }
    }
}

package dev.awskit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.awskit.core.internal.ResolvedConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/**
 * Bounded, seeded fuzzing of every parser of user input in the kit's core: ARNs, endpoint URLs,
 * region names, endpoint service keys, and the shared config and credentials files (read with the
 * SDK's own {@link ProfileFile} parser, which is also the oracle here). Each input ends in a value
 * or an {@link IllegalArgumentException} (a {@link ConfigurationException} for files) with a
 * message that never echoes a secret or a megabyte; anything else fails the test with the seed's
 * input. A 1 MB input must finish (hang guard, not a speed claim).
 */
class ParserFuzzTest {
    private static final long SEED = 20261203L;
    private static final int INPUTS = 3000;
    private static final String SECRET = "awskit-fuzz/secret+value";
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);
    private static final int ONE_MB = 1 << 20;

    /** Characters that matter to the parsers, plus some that should never matter. */
    private static final String ALPHABET = ":/-_.@?#=[]%+*${} \t\r\n\u0000\u00e9\u0130\u212a\u4e2d\ud83d\ude00"
            + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    @TempDir
    Path dir;

    // ---------- generators

    private static String mutate(Random r, String seed) {
        StringBuilder b = new StringBuilder(seed);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = b.length() == 0 ? 0 : r.nextInt(b.length() + 1);
            switch (r.nextInt(7)) {
                case 0, 1 -> b.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                case 2 -> {
                    if (at < b.length()) {
                        b.deleteCharAt(at);
                    }
                }
                case 3 -> {
                    if (at < b.length()) {
                        b.setCharAt(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                    }
                }
                case 4 -> {
                    int from = r.nextInt(b.length() + 1);
                    int to = Math.min(b.length(), from + r.nextInt(8));
                    b.insert(at, b.substring(from, to));
                }
                case 5 -> b.setLength(at);
                default -> b.insert(at, (char) r.nextInt(0x3000));
            }
        }
        return b.toString();
    }

    private static String pick(Random r, List<String> seeds) {
        String s = seeds.get(r.nextInt(seeds.size()));
        return r.nextInt(10) == 0 ? s : mutate(r, s);
    }

    // ---------- the contract

    /**
     * {@code call} returns, or throws an {@link IllegalArgumentException} / {@link AwsKitException}
     * with a short message that does not hold the secret (where the input marks it as one: in a
     * credentials file or before an endpoint's '@').
     */
    private static void check(String what, String input, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException | AwsKitException e) {
            assertThat(e.getMessage()).as("%s of %s", what, show(input)).isNotBlank();
            if (!input.startsWith("http") || input.contains(SECRET + "@")) {
                assertThat(e.getMessage())
                        .as("%s of %s: the message must not echo the secret", what, show(input))
                        .doesNotContain(SECRET);
            }
            assertThat(e.getMessage().length())
                    .as("%s of %s: the message must not echo the whole input", what, show(input))
                    .isLessThan(2_000);
        } catch (Throwable t) {
            fail(what + " threw " + t + " for " + show(input), t);
        }
    }

    private static String show(String input) {
        String s = input.length() > 200 ? input.substring(0, 200) + "...(" + input.length() + " chars)" : input;
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }

    // ---------- ARNs

    private static final List<String> ARNS = List.of(
            "arn:aws:iam::123456789012:user/admin",
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "arn:aws:logs:us-east-1:123456789012:log-group:app:*",
            "arn:aws:s3:::my-bucket/key with spaces",
            "arn:aws-cn:ecr:cn-north-1:123456789012:repository/app",
            "arn:aws-us-gov:sts::123456789012:assumed-role/r/s",
            "arn:aws:ecs:eu-central-1:123456789012:task-definition/web:3");

    @Test
    void arnParse_returnsAnArnOrIllegalArgument_andRoundTrips() {
        Random r = new Random(SEED);
        int parsed = 0;
        for (int i = 0; i < INPUTS; i++) {
            String in = pick(r, ARNS);
            AtomicReference<Arn> out = new AtomicReference<>();
            check("Arn.parse", in, () -> out.set(Arn.parse(in)));
            if (out.get() != null) {
                parsed++;
                Arn a = out.get();
                assertThat(a.format()).as(show(in)).isEqualTo(in);
                assertThat(Arn.parse(a.format())).isEqualTo(a);
                assertThat(Arn.isArn(in)).isTrue();
            } else {
                assertThat(Arn.tryParse(in)).as(show(in)).isEmpty();
            }
        }
        // the generator must reach both outcomes, or the loop tests nothing
        assertThat(parsed).isBetween(INPUTS / 20, INPUTS - INPUTS / 20);
    }

    // ---------- endpoints

    private static final List<String> ENDPOINTS = List.of(
            "http://127.0.0.1:4566",
            "https://s3.us-west-2.amazonaws.com",
            "http://localhost:9000/",
            "https://[::1]:8443/path?x=1",
            "http://user:" + SECRET + "@127.0.0.1:4566/",
            "https://sts.amazonaws.com");

    @Test
    void endpointUrls_giveAnHttpUriWithAHost_orIllegalArgument_neverEchoingUserInfo() {
        Random r = new Random(SEED + 1);
        for (int i = 0; i < INPUTS; i++) {
            String in = pick(r, ENDPOINTS);
            URI[] out = new URI[1];
            check("parseEndpoint", in, () -> out[0] = ResolvedConfig.parseEndpoint(in, "fuzz"));
            if (out[0] != null) {
                assertThat(out[0].getScheme()).as(show(in)).isIn("http", "https", "HTTP", "HTTPS", "Http", "Https");
                assertThat(out[0].getHost()).as(show(in)).isNotBlank();
                assertThat(out[0].getRawUserInfo()).as(show(in)).isNull();
            }
            check("AwsKit.builder().endpoint", in, () -> AwsKit.builder().endpoint(in));
        }
    }

    // ---------- regions

    private static final List<String> REGIONS =
            List.of("us-west-2", "eu-central-1", "ap-southeast-3", "us-gov-west-1", "cn-north-1", "aws-global");

    @Test
    void regionNames_giveARegionOrIllegalArgument() {
        Random r = new Random(SEED + 2);
        for (int i = 0; i < INPUTS; i++) {
            String in = pick(r, REGIONS);
            Region[] out = new Region[1];
            check("parseRegion", in, () -> out[0] = ResolvedConfig.parseRegion(in, "fuzz"));
            if (out[0] != null) {
                assertThat(out[0].id()).as(show(in)).isEqualTo(in.trim());
            }
            check("AwsKit.builder().region", in, () -> AwsKit.builder().region(in));
        }
    }

    // ---------- endpoint service keys

    @Test
    void endpointServiceKeys_areKnownOrIllegalArgument() {
        Random r = new Random(SEED + 3);
        List<String> keys = List.of("s3", "kinesis", "logs", "elasticloadbalancing", "sso-oidc", "s3control", "sqs");
        for (int i = 0; i < INPUTS; i++) {
            String in = pick(r, keys);
            check("endpoint(key, url)", in, () -> AwsKit.builder().endpoint(in, "http://127.0.0.1:1"));
            if (i % 3 != 0) {
                continue; // a kit per input is slow: a third of them also go through the environment
            }
            String envName = "AWS_ENDPOINT_URL_" + in.toUpperCase(java.util.Locale.ROOT);
            check("AWS_ENDPOINT_URL_<key>", in, () -> {
                try (AwsKit k = AwsKit.builder()
                        .environment(Map.of("HOME", "/nonexistent", envName, "http://127.0.0.1:1"))
                        .build()) {
                    k.describe();
                }
            });
        }
    }

    // ---------- ~/.aws/config and ~/.aws/credentials

    private static final List<String> CONFIG_LINES = List.of(
            "[default]",
            "region = us-west-2",
            "[profile dev]",
            "region=eu-central-1",
            "endpoint_url = http://127.0.0.1:4566",
            "output = json",
            "# a comment",
            "; another",
            "s3 =",
            "  max_concurrent_requests = 20",
            "[sso-session corp]",
            "sso_region = us-east-1",
            "[services local]",
            "");

    private static final List<String> CREDENTIAL_LINES = List.of(
            "[default]",
            "aws_access_key_id = awskit-test-key",
            "aws_secret_access_key = " + SECRET,
            "[dev]",
            "aws_access_key_id=awskit-dev-key",
            "aws_secret_access_key=" + SECRET,
            "aws_session_token = " + SECRET + "token",
            "  # indented comment, a continuation for the SDK",
            "");

    private static String iniFile(Random r, List<String> lines) {
        // most files start with a section, as real ones do; the rest try the parser's first-line rules
        StringBuilder b = new StringBuilder(r.nextInt(10) > 0 ? lines.get(0) + "\n" : "");
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            String line = lines.get(r.nextInt(lines.size()));
            b.append(r.nextInt(8) == 0 ? mutate(r, line) : line).append(r.nextInt(20) == 0 ? "\r\n" : "\n");
        }
        return b.toString();
    }

    private static byte[] bytes(Random r, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(20) != 0) {
            return utf8;
        }
        byte[] latin = new byte[utf8.length + 3];
        System.arraycopy(utf8, 0, latin, 0, utf8.length);
        latin[utf8.length] = (byte) 0xff;
        latin[utf8.length + 1] = (byte) 0xc3;
        latin[utf8.length + 2] = (byte) 0x28;
        return latin;
    }

    private static Optional<ProfileFile> oracle(Path config, Path credentials) {
        try {
            return Optional.of(ProfileFile.aggregator()
                    .addFile(ProfileFile.builder()
                            .content(credentials)
                            .type(ProfileFile.Type.CREDENTIALS)
                            .build())
                    .addFile(ProfileFile.builder()
                            .content(config)
                            .type(ProfileFile.Type.CONFIGURATION)
                            .build())
                    .build());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Test
    void sharedFiles_resolveLikeTheSdkParser_orFailWithConfigurationException() throws IOException {
        Random r = new Random(SEED + 4);
        Path config = dir.resolve("config");
        Path credentials = dir.resolve("credentials");
        int built = 0;
        int files = INPUTS / 3;
        for (int i = 0; i < files; i++) {
            String configText = iniFile(r, CONFIG_LINES);
            String credentialsText = iniFile(r, CREDENTIAL_LINES);
            // getBytes replaces a lone surrogate; now and then a file is not UTF-8 at all
            Files.write(config, bytes(r, configText));
            Files.write(credentials, bytes(r, credentialsText));
            Map<String, String> env = new HashMap<>();
            env.put("HOME", dir.resolve("nohome").toString());
            env.put("AWS_CONFIG_FILE", config.toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
            String profile = r.nextBoolean() ? "default" : r.nextInt(4) > 0 ? "dev" : mutate(r, "dev");
            if (r.nextInt(3) == 0) {
                env.put("AWS_PROFILE", profile);
            }
            String input = "config:\n" + configText + "\ncredentials:\n" + credentialsText + "\nprofile " + profile;
            Optional<ProfileFile> sdk = oracle(config, credentials);
            AwsKit[] out = new AwsKit[1];
            check(
                    "AwsKit.build with the files",
                    input,
                    () -> out[0] = AwsKit.builder().environment(env).build());
            if (out[0] == null) {
                continue;
            }
            built++;
            try (AwsKit kit = out[0]) {
                assertThat(sdk)
                        .as("the kit read files the SDK's parser refuses: %s", show(input))
                        .isPresent();
                Optional<Profile> p = sdk.get().profile(kit.profile());
                Optional<String> region = p.flatMap(x -> x.property("region"));
                // the kit's region is the profile's as the SDK parses it, or it refused it (above)
                assertThat(kit.configuredRegion().map(Region::id))
                        .as(show(input))
                        .isEqualTo(region.map(String::trim));
                assertThat(kit.toString()).doesNotContain(SECRET);
                assertThat(kit.describe().toString()).doesNotContain(SECRET);
            }
        }
        assertThat(built)
                .as("the generator must also produce files that resolve")
                .isGreaterThan(files / 10);
    }

    // ---------- one megabyte

    private static String big(char fill, String prefix) {
        StringBuilder b = new StringBuilder(ONE_MB + prefix.length());
        b.append(prefix);
        while (b.length() < ONE_MB) {
            b.append(fill);
        }
        return b.toString();
    }

    @Test
    void oneMegabyteInputs_finish_withAShortMessage() {
        List<Map.Entry<String, Consumer<String>>> parsers = new ArrayList<>();
        parsers.add(Map.entry("Arn.parse", Arn::parse));
        parsers.add(Map.entry("parseEndpoint", s -> ResolvedConfig.parseEndpoint(s, "fuzz")));
        parsers.add(Map.entry("parseRegion", s -> ResolvedConfig.parseRegion(s, "fuzz")));
        parsers.add(Map.entry("endpoint(key, url)", s -> AwsKit.builder().endpoint(s, "http://127.0.0.1:1")));
        List<String> inputs = List.of(
                big('a', "arn:aws:iam::123456789012:user/"),
                big('-', "arn:aws"),
                big('a', "arn:aws-"),
                big('1', "arn:aws:iam:us-east-"),
                big('a', "http://"),
                big('@', "http://"),
                big('a', "us-"),
                big('-', "us"),
                big('k', "kinesi"));
        for (Map.Entry<String, Consumer<String>> p : parsers) {
            for (String in : inputs) {
                assertTimeoutPreemptively(
                        HANG_GUARD,
                        () -> check(p.getKey(), in, () -> p.getValue().accept(in)),
                        p.getKey());
            }
        }
    }

    @Test
    void aOneMegabyteConfigFile_finishes() throws IOException {
        Path config = dir.resolve("big-config");
        StringBuilder b = new StringBuilder("[default]\nregion = us-west-2\n");
        int i = 0;
        while (b.length() < ONE_MB) {
            b.append("key").append(i++).append(" = ").append("v".repeat(100)).append('\n');
        }
        b.append("[profile x]\nregion = ").append("a".repeat(ONE_MB)).append('\n');
        Files.writeString(config, b);
        Map<String, String> env = Map.of(
                "HOME", dir.resolve("nohome").toString(),
                "AWS_CONFIG_FILE", config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString());
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            try (AwsKit kit = AwsKit.builder().environment(env).build()) {
                assertThat(kit.configuredRegion()).contains(Region.US_WEST_2);
            }
            check(
                    "AwsKit.build with a megabyte region",
                    "profile x",
                    () -> AwsKit.builder().environment(env).profile("x").build().close());
        });
    }
}

package dev.awskit.core;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * What a kit resolved and where each setting came from ({@code aws configure list}), as returned
 * by {@link AwsKit#describe()}. Its {@link #toString()} is a short table, one setting per line,
 * so that JShell and {@code System.out.println} show it readably; it names the credentials'
 * source, never a key.
 *
 * <pre>
 * aws-kit 0.1.0
 *   profile     dev (AWS_PROFILE)
 *   region      us-west-2 (profile dev in /home/me/.aws/config)
 *   endpoint    (AWS)
 *   credentials profile dev
 *   files       /home/me/.aws/config, /home/me/.aws/credentials
 * </pre>
 */
public final class KitDescription {
    private final String version;
    private final String profile;
    private final String profileSource;
    private final Optional<Region> region;
    private final String regionSource;
    private final Optional<URI> endpoint;
    private final Map<String, URI> serviceEndpoints;
    private final String credentialsSource;
    private final List<String> warnings;
    private final Path configFile;
    private final Path credentialsFile;

    KitDescription(
            String version,
            String profile,
            String profileSource,
            Optional<Region> region,
            String regionSource,
            Optional<URI> endpoint,
            Map<String, URI> serviceEndpoints,
            String credentialsSource,
            List<String> warnings,
            Path configFile,
            Path credentialsFile) {
        this.version = version;
        this.profile = profile;
        this.profileSource = profileSource;
        this.region = region;
        this.regionSource = regionSource;
        this.endpoint = endpoint;
        this.serviceEndpoints = Map.copyOf(serviceEndpoints);
        this.credentialsSource = credentialsSource;
        this.warnings = List.copyOf(warnings);
        this.configFile = configFile;
        this.credentialsFile = credentialsFile;
    }

    /** The aws-kit version ({@code dev} when run from classes, not a jar). */
    public String version() {
        return version;
    }

    /** The profile in effect. */
    public String profile() {
        return profile;
    }

    /** Where the profile came from: {@code builder}, {@code AWS_PROFILE}, {@code default}. */
    public String profileSource() {
        return profileSource;
    }

    /** The region, when one is configured. */
    public Optional<Region> region() {
        return region;
    }

    /** Where the region came from; empty when there is none. */
    public Optional<String> regionSource() {
        return Optional.ofNullable(regionSource);
    }

    /** The endpoint override for every service, if any. */
    public Optional<URI> endpoint() {
        return endpoint;
    }

    /** Endpoint overrides per service key ({@code s3}, {@code kinesis}...). */
    public Map<String, URI> serviceEndpoints() {
        return serviceEndpoints;
    }

    /** Where the credentials come from (a source's name, never a key). */
    public String credentialsSource() {
        return credentialsSource;
    }

    /** What resolving ignored or doubted (an unknown {@code AWS_ENDPOINT_URL_*}, a bad file...). */
    public List<String> warnings() {
        return warnings;
    }

    /** The shared config file ({@code AWS_CONFIG_FILE} or {@code ~/.aws/config}). */
    public Path configFile() {
        return configFile;
    }

    /** The shared credentials file ({@code AWS_SHARED_CREDENTIALS_FILE} or {@code ~/.aws/credentials}). */
    public Path credentialsFile() {
        return credentialsFile;
    }

    /** One setting per line, as in the class comment. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("aws-kit ").append(version).append('\n');
        b.append("  profile     ")
                .append(profile)
                .append(" (")
                .append(profileSource)
                .append(")\n");
        b.append("  region      ")
                .append(region.map(Region::id).orElse("(none)"))
                .append(regionSource != null ? " (" + regionSource + ")" : "")
                .append('\n');
        b.append("  endpoint    ")
                .append(endpoint.map(URI::toString).orElse("(AWS)"))
                .append('\n');
        new java.util.TreeMap<>(serviceEndpoints).forEach((k, v) -> b.append("  endpoint    ")
                .append(k)
                .append(" = ")
                .append(v)
                .append('\n'));
        b.append("  credentials ").append(credentialsSource).append('\n');
        warnings.forEach(w -> b.append("  warning     ").append(w).append('\n'));
        b.append("  files       ").append(configFile).append(", ").append(credentialsFile);
        return b.toString();
    }
}

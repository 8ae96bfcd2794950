// Chapter 50 — images without Docker: seed 000 pulls, tags, logs in again and pushes to copy an image
// to another region. Here two local registries stand in for us-east-1 and us-west-2: we push a tiny
// two-platform image to the first and copy it, byte for byte, to the second, with a progress bar.
// On AWS the same copy is one line (the ECR API finds both registries and logs in):
//   Ecr.of(aws).copy("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2").toRegion("us-west-2").run();
// ECR's own API has no emulator here, so this chapter uses the registry-level API (Registry).
// Runs after the setup chapter (which imported dev.awskit.core.* and defined `aws`).
import dev.awskit.ecr.*;

Properties registries = new Properties();
try (var in = Files.newInputStream(Path.of(System.getenv().getOrDefault("AWSKIT_EMULATORS_FILE", ".emulators/endpoints.properties")))) {
    registries.load(in);
}
Registry east = Registry.at(registries.getProperty("registry.1.endpoint"),
    registries.getProperty("registry.username"), registries.getProperty("registry.password"));
Registry west = Registry.at(registries.getProperty("registry.2.endpoint"),
    registries.getProperty("registry.username"), registries.getProperty("registry.password"));
String tourRepo = "tour/hello-" + Long.toString(System.nanoTime(), 36);

/** sha256 of bytes, as registries name blobs. */
String sha256(byte[] b) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
}

/** Pushes one platform's manifest (a config and two random 256 KiB layers); returns its index entry. */
String pushPlatform(Registry r, String repo, String os, String arch) throws Exception {
    var random = new Random(arch.hashCode());
    byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"" + os + "\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}").getBytes();
    StringBuilder layers = new StringBuilder();
    for (int i = 0; i < 2; i++) {
        byte[] layer = new byte[256 * 1024];
        random.nextBytes(layer);
        layers.append(i > 0 ? "," : "").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
            .append(r.pushBlob(repo, layer)).append("\",\"size\":").append(layer.length).append("}");
    }
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + r.pushBlob(repo, config)
        + "\",\"size\":" + config.length + "},\"layers\":[" + layers + "]}").getBytes();
    String digest = r.pushManifest(repo + "@" + sha256(manifest), "application/vnd.oci.image.manifest.v1+json", manifest);
    return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest + "\",\"size\":"
        + manifest.length + ",\"platform\":{\"os\":\"" + os + "\",\"architecture\":\"" + arch + "\"}}";
}

step("Push a small two-platform image to the first registry (what docker buildx --push does)", () -> {
    try {
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
            + pushPlatform(east, tourRepo, "linux", "amd64") + "," + pushPlatform(east, tourRepo, "linux", "arm64") + "]}").getBytes();
        System.out.println("  " + east.endpoint().getAuthority() + "/" + tourRepo + ":1.0 -> "
            + east.pushManifest(tourRepo + ":1.0", "application/vnd.oci.image.index.v1+json", index));
    } catch (Exception e) {
        throw new RuntimeException(e);
    }
});

step("Copy it to the second registry, every platform, same digest (seed 000 without docker pull/tag/push)", () -> {
    CopyReport report = east.copy(tourRepo + ":1.0").to(west, tourRepo + ":1.0")
        .allPlatforms().progress(ConsoleProgressBar.to(System.out, false)).run();
    System.out.println(report.summary());
    System.out.println("  same digest at the target: " + west.digest(tourRepo + ":1.0").equals(Optional.of(report.sourceDigest())));
});

step("Copy again: the target already has it, nothing is transferred", () ->
    System.out.println(east.copy(tourRepo + ":1.0").to(west, tourRepo + ":1.0").run().summary()));

step("Only one platform, under another tag", () -> {
    CopyReport arm = east.copy(tourRepo + ":1.0").to(west, tourRepo + ":1.0-arm64").platforms("linux/arm64").run();
    System.out.println(arm.summary());
    arm.notes().forEach(n -> System.out.println("  note: " + n));
});

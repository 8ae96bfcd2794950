// Chapter 50 — images without Docker: seed 000 pulls, tags, logs in again and pushes to copy an image
// to another region. Here ECR's API is moto (the `cloud` kit of the setup chapter): the repositories
// are created, described and compared there. moto has no registry behind its API (its login names
// hosts that do not exist), so two local registries stand in for the registries of us-east-1 and
// us-west-2, each with its own login, through Ecr.builder(...).registryEndpoint(...). On AWS the
// same copy is one line (the ECR API finds both registries and logs in):
//   Ecr.of(aws).copy("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2").toRegion("us-west-2").run();
// Runs after the setup chapter (which imported dev.awskit.core.* and defined `aws` and `cloud`).
import dev.awskit.ecr.*;
import software.amazon.awssdk.services.ecr.EcrClient;

Properties registries = new Properties();
try (var in = Files.newInputStream(Path.of(System.getenv().getOrDefault("AWSKIT_EMULATORS_FILE", ".emulators/endpoints.properties")))) {
    registries.load(in);
}
String registryUser = registries.getProperty("registry.username");
String registryPassword = registries.getProperty("registry.password");
/** The local registry standing in for a region's ECR registry (null: keep ECR's own endpoint and login). */
RegistryEndpoint localRegistry(String account, String region) {
    String n = region.equals("us-east-1") ? "1" : region.equals("us-west-2") ? "2" : null;
    return n == null ? null : RegistryEndpoint.of(
        java.net.URI.create(registries.getProperty("registry." + n + ".endpoint")), registryUser, registryPassword);
}
// against AWSKIT_IT_ENDPOINT (real ECR) the real registries are used, as they are
boolean localRegistries = System.getenv("AWSKIT_IT_ENDPOINT") == null || System.getenv("AWSKIT_IT_ENDPOINT").isBlank();
Ecr ecr = localRegistries ? Ecr.builder(cloud).registryEndpoint((a, r) -> localRegistry(a, r)).build() : Ecr.of(cloud);
String account = cloud.identity().accountId();
String tourRepo = "tour/hello-" + Long.toString(System.nanoTime(), 36);
/** A registry-level handle on a region's registry, to push the tour's image and read results back. */
Registry registryOf(String region) {
    if (localRegistries) {
        return Registry.at(localRegistry(account, region).url().toString(), registryUser, registryPassword);
    }
    EcrAuthorization a = ecr.authorization(region);
    return Registry.at(a.proxyEndpoint().toString(), a.user(), a.password());
}
Registry east = registryOf("us-east-1");
Registry west = registryOf("us-west-2");

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

step("Log in to ECR (aws ecr get-login-password): the password is never printed", () -> {
    EcrAuthorization login = ecr.authorization("us-east-1");
    System.out.println("  " + login);
    // moto answers expiresAt 2015-01-01 for every token; AWS says 12 hours after issue, and the registry
    // decides: the kit keeps a token it just received instead of fetching a new one on every request
    System.out.println("  same login on the next call (cached): " + (ecr.authorization("us-east-1") == login));
});

step("Create the source repository in us-east-1 on ECR's API (aws ecr create-repository)", () -> {
    EcrRepository repo = ecr.repositories("us-east-1").create(r -> r.name(tourRepo)
        .tagMutability(TagMutability.IMMUTABLE).scanOnPush(true).putTags("tour", "50-ecr"));
    System.out.println("  " + repo.uri() + "  tags " + repo.tagMutability() + ", scan on push " + repo.scanOnPush()
        + ", " + repo.encryption());
    System.out.println("  exists in us-west-2 yet: " + ecr.repositories("us-west-2").exists(tourRepo));
});

step("Push a small two-platform image to us-east-1's registry (what docker buildx --push does)", () -> {
    try {
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
            + pushPlatform(east, tourRepo, "linux", "amd64") + "," + pushPlatform(east, tourRepo, "linux", "arm64") + "]}").getBytes();
        System.out.println("  " + east.endpoint().getAuthority() + "/" + tourRepo + ":1.0 -> "
            + east.pushManifest(tourRepo + ":1.0", "application/vnd.oci.image.index.v1+json", index));
    } catch (Exception e) {
        throw new RuntimeException(e);
    }
});

step("Copy it to us-west-2, every platform, same digest (seed 000 without docker pull/tag/push)", () -> {
    CopyReport report = ecr.copy(ImageRef.ecr(account, "us-east-1", tourRepo, "1.0"))
        .toRegion("us-west-2").allPlatforms().progress(ConsoleProgressBar.to(System.out, false)).run();
    System.out.println(report.summary());
    report.notes().forEach(n -> System.out.println("  note: " + n));
    System.out.println("  target repository created like the source: " + report.repositoryCreated() + " -> "
        + ecr.repositories("us-west-2").describe(tourRepo).map(r -> r.tagMutability() + ", scan on push "
            + r.scanOnPush()).orElse("(missing)"));
    System.out.println("  same digest at the target, read back from its registry: "
        + west.digest(tourRepo + ":1.0").equals(Optional.of(report.sourceDigest())));
});

step("Copy again: the target already has it, nothing is transferred", () ->
    System.out.println(ecr.copy(ImageRef.ecr(account, "us-east-1", tourRepo, "1.0")).toRegion("us-west-2").run().summary()));

step("Only one platform, under another tag", () -> {
    CopyReport arm = ecr.copy(ImageRef.ecr(account, "us-east-1", tourRepo, "1.0"))
        .toRegion("us-west-2").tag("1.0-arm64").platforms("linux/arm64").run();
    System.out.println(arm.summary());
    arm.notes().forEach(n -> System.out.println("  note: " + n));
});

step("Promote it to another repository of the same registry: the blobs are mounted, not sent", () -> {
    // on ECR this needs the registry's BLOB_MOUNTING setting (aws ecr put-account-setting --name
    // BLOB_MOUNTING --value ENABLED); without it ECR opens an upload instead and the blobs are sent
    CopyReport promoted = ecr.copy(ImageRef.ecr(account, "us-east-1", tourRepo, "1.0"))
        .toRepository(tourRepo + "-promoted").allPlatforms().run();
    System.out.println(promoted.summary());
    System.out.println("  blobs mounted: " + promoted.blobsMounted() + ", bytes sent: " + promoted.bytesCopied());
});

step("A tag that does not exist: a clear error, and no repository is created for it", () -> {
    String missing = tourRepo + "-nothing";
    ecr.repositories("us-east-1").create(r -> r.name(missing));
    try {
        ecr.copy(ImageRef.ecr(account, "us-east-1", missing, "9.9")).toRegion("us-west-2").run();
        throw new IllegalStateException("the copy of a missing tag succeeded");
    } catch (ImageCopyException e) {
        System.out.println("  " + e.getMessage());
    }
    System.out.println("  " + missing + " exists in us-west-2: " + ecr.repositories("us-west-2").exists(missing));
    cloud.client(EcrClient.class, "us-east-1").deleteRepository(b -> b.repositoryName(missing).force(true));
});

step("Clean up: delete the tour's repositories on ECR's API (aws ecr delete-repository --force)", () -> {
    for (String region : List.of("us-east-1", "us-west-2")) {
        cloud.client(EcrClient.class, region).deleteRepository(b -> b.repositoryName(tourRepo).force(true));
        System.out.println("  deleted " + tourRepo + " in " + region);
    }
    cloud.client(EcrClient.class, "us-east-1").deleteRepository(b -> b.repositoryName(tourRepo + "-promoted").force(true));
    System.out.println("  deleted " + tourRepo + "-promoted in us-east-1");
});

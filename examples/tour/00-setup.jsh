// Chapter 0: kits for the local servers (aws: S3Proxy and kinesis-mock; cloud: moto), what they
// resolved, and a first bucket.
import software.amazon.awssdk.services.s3.S3Client;

AwsKit aws = emulatorKit();
if (aws == null) throw new IllegalStateException("No emulators: run scripts/emulators start");
// The control plane (IAM, STS, Logs, ECR's API, ECS, EC2, ELBv2): moto locally, or AWSKIT_IT_ENDPOINT.
AwsKit cloud = cloudKit();
if (cloud == null) throw new IllegalStateException("No moto_server: run scripts/emulators start (or set AWSKIT_IT_ENDPOINT)");

step("What the kit resolved (aws configure list)", () -> System.out.println(aws.describe()));

step("What JShell shows: kits, facades, and an operation that was built but not run", () -> {
    List<Object> shown = List.of(aws, cloud, Storage.of(aws), Kinesis.of(aws), Ecr.of(cloud), Ecs.of(cloud),
        Net.of(cloud), Iam.of(cloud), Logs.of(cloud),
        Storage.of(aws).sync("s3://my-first-bucket", "s3://my-second-bucket").exclude("datasets/*"),
        Ecr.of(cloud).copy("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2").toRegion("us-west-2"));
    shown.forEach(o -> System.out.println("  " + o));
    // the secret keys of the tour's servers never show, whatever is printed
    Path serversFile = emulatorsFile();
    Properties servers = serversFile == null ? new Properties() : emulatorEndpoints(serversFile);
    for (Object o : shown) {
        for (String key : List.of("s3.secretKey", "moto.secretKey")) {
            String secret = servers.getProperty(key);
            if (secret != null && (o.toString().contains(secret) || aws.describe().toString().contains(secret))) {
                throw new IllegalStateException(key + " shows in " + o.getClass().getSimpleName());
            }
        }
    }
});

step("Create a bucket and list it (aws s3 mb / aws s3 ls)", () -> {
    S3Client s3 = aws.client(S3Client.class);
    String bucket = "tour-first-" + Long.toString(System.nanoTime(), 36);
    s3.createBucket(r -> r.bucket(bucket));
    s3.putObject(r -> r.bucket(bucket).key("hello.txt"),
        software.amazon.awssdk.core.sync.RequestBody.fromString("hello from aws-kit"));
    s3.listBuckets().buckets().forEach(b -> System.out.println("  bucket " + b.name()));
    s3.listObjectsV2(r -> r.bucket(bucket)).contents()
        .forEach(o -> System.out.println("  " + bucket + "/" + o.key() + "  " + o.size() + " bytes"));
});

/**
 * ECR without Docker: login, repositories, and image copies between regions and accounts that keep
 * the image byte-for-byte (same digest).
 *
 * <pre>{@code
 * Ecr ecr = Ecr.of(aws);
 * String password = ecr.loginPassword();                        // aws ecr get-login-password
 * ecr.dockerLogin();                                            // ... | docker login, into config.json
 * CopyReport r = ecr.copy("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2")
 *     .toRegion("us-west-2").allPlatforms().progress(ProgressListener.console()).run();
 * ecr.repositories("us-west-2").images("app").forEach(System.out::println);
 * }</pre>
 *
 * <p>Main types: {@link dev.awskit.ecr.Ecr} (the facade), {@link dev.awskit.ecr.CopyStep} /
 * {@link dev.awskit.ecr.CopyTargetStep} / {@link dev.awskit.ecr.CopyOptionsStep} (the copy's
 * steps), {@link dev.awskit.ecr.CopyReport}, {@link dev.awskit.ecr.EcrAuthorization}, {@link
 * dev.awskit.ecr.EcrRepositories}, {@link dev.awskit.ecr.ImageRef}, and {@link
 * dev.awskit.ecr.Registry} for any OCI registry reached with a user and password; {@link
 * dev.awskit.ecr.RegistryEndpoint} maps an ECR registry to another URL and login, {@link
 * dev.awskit.ecr.RegistryTimeouts} bounds connect, first byte and idle time. Failures are
 * {@link dev.awskit.ecr.ImageCopyException} (digest mismatch, immutable tag conflict, missing
 * image) and {@link dev.awskit.ecr.RegistryException} (a registry refused: authentication,
 * permissions, HTTP errors).
 */
package dev.awskit.ecr;

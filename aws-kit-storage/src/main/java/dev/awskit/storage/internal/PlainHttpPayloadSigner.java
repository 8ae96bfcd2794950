package dev.awskit.storage.internal;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 that does not hash a body S3 already checks by its signed {@code Content-MD5}, also over
 * plain HTTP.
 *
 * <p>Over HTTPS the SDK sends S3 bodies as {@code UNSIGNED-PAYLOAD}; over plain HTTP (emulators,
 * on-premises stores) it always signs the payload, i.e. runs SHA-256 over every byte uploaded. In a
 * short-lived JVM that hash runs in C1-compiled code (the SHA intrinsics are C2's) and was a quarter
 * of a fresh sync's CPU. When the request carries {@code Content-MD5} (every PutObject and UploadPart
 * of the sync does), that header is itself signed and S3 rejects a body that does not match it
 * ({@code BadDigest}), so the body stays bound to the signature: this signer then signs the request
 * as the SDK does over HTTPS ({@code x-amz-content-sha256: UNSIGNED-PAYLOAD}). Every other request,
 * and any request on port 80 or 443 (where the Host header of an HTTPS signature would differ from
 * the one sent), is signed by the SDK's signer unchanged.
 */
final class PlainHttpPayloadSigner implements HttpSigner<AwsCredentialsIdentity> {
    private static final AwsV4HttpSigner DELEGATE = AwsV4HttpSigner.create();

    /** The SigV4 auth scheme with this signer, for {@code S3BaseClientBuilder.putAuthScheme}. */
    static AuthScheme<AwsCredentialsIdentity> scheme() {
        AwsV4AuthScheme sdk = AwsV4AuthScheme.create();
        PlainHttpPayloadSigner signer = new PlainHttpPayloadSigner();
        return new AuthScheme<>() {
            @Override
            public String schemeId() {
                return AwsV4AuthScheme.SCHEME_ID;
            }

            @Override
            public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
                return sdk.identityProvider(providers);
            }

            @Override
            public HttpSigner<AwsCredentialsIdentity> signer() {
                return signer;
            }
        };
    }

    /** Whether {@code request} is signed here as over HTTPS (its body is not hashed). */
    static boolean unsignedPayload(SdkHttpRequest request, boolean hasPayload) {
        return hasPayload
                && "http".equalsIgnoreCase(request.protocol())
                && request.port() != 80
                && request.port() != 443
                && request.firstMatchingHeader("Content-MD5").isPresent();
    }

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        SdkHttpRequest http = request.request();
        if (!unsignedPayload(http, request.payload().isPresent())) {
            return DELEGATE.sign(request);
        }
        SignRequest<? extends AwsCredentialsIdentity> asHttps =
                request.copy(b -> b.request(http.toBuilder().protocol("https").build()));
        SignedRequest signed = DELEGATE.sign(asHttps);
        return signed.copy(b ->
                b.request(signed.request().toBuilder().protocol(http.protocol()).build()));
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        return DELEGATE.signAsync(request);
    }
}

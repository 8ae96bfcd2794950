package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * When a cached ECR login is fetched again. The GetAuthorizationToken API reference: "The
 * authorization token is valid for 12 hours"; {@code expiresAt} is "The Unix time in seconds and
 * milliseconds when the authorization token expires" — by the issuer's clock.
 */
class EcrServiceTest {
    private static final Instant RECEIVED = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void renewAt_whenExpiresAtIsTwelveHoursAhead_isFiveMinutesBeforeIt() {
        assertThat(EcrService.renewAt(RECEIVED.plus(Duration.ofHours(12)), RECEIVED))
                .isEqualTo(Instant.parse("2026-12-03T23:55:00Z"));
    }

    @Test
    void renewAt_whenExpiresAtIsSooner_followsIt() {
        assertThat(EcrService.renewAt(RECEIVED.plus(Duration.ofHours(1)), RECEIVED))
                .isEqualTo(Instant.parse("2026-12-03T12:55:00Z"));
    }

    @Test
    void renewAt_whenExpiresAtIsAlreadyPastOnArrival_keepsTheTokenForTheDocumentedTwelveHours() {
        // moto answers 2015-01-01T00:00:00Z; a clock far ahead of the issuer's looks the same
        assertThat(EcrService.renewAt(Instant.parse("2015-01-01T00:00:00Z"), RECEIVED))
                .isEqualTo(Instant.parse("2026-12-03T23:55:00Z"));
    }

    @Test
    void renewAt_whenExpiresAtIsFurtherThanTwelveHours_isCappedAtTwelveHoursAfterReceipt() {
        // our clock behind the issuer's: never keep a token longer than its documented life
        assertThat(EcrService.renewAt(RECEIVED.plus(Duration.ofHours(30)), RECEIVED))
                .isEqualTo(Instant.parse("2026-12-03T23:55:00Z"));
    }

    @Test
    void renewAt_withoutExpiresAt_isTwelveHoursAfterReceipt() {
        assertThat(EcrService.renewAt(null, RECEIVED)).isEqualTo(Instant.parse("2026-12-03T23:55:00Z"));
    }
}

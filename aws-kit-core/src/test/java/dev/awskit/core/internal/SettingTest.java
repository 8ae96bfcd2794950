package dev.awskit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SettingTest {
    @Test
    void secondWrite_namesTheSettingAndBothValues() {
        Setting<String> s = Setting.of("region");
        s.set("us-east-1");
        assertThatThrownBy(() -> s.set("eu-west-1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("region was already set to us-east-1; cannot set it to eu-west-1");
        assertThat(s.get()).isEqualTo("us-east-1");
    }

    @Test
    void secondWriteOfTheSameValue_isStillRefused() {
        Setting<Integer> s = Setting.of("concurrency", 32);
        s.set(8);
        assertThatThrownBy(() -> s.set(8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("concurrency was already set to 8; cannot set it to 8");
    }

    @Test
    void aDefault_isNotAWrite() {
        Setting<Integer> s = Setting.of("concurrency", 32);
        assertThat(s.get()).isEqualTo(32);
        assertThat(s.isSet()).isFalse();
        assertThat(s.explicit()).isEmpty();
        s.set(4);
        assertThat(s.get()).isEqualTo(4);
        assertThat(s.isSet()).isTrue();
    }

    @Test
    void secret_namesTheSettingOnly() {
        Setting<String> s = Setting.secret("password");
        s.set("hunter2-first");
        assertThatThrownBy(() -> s.set("hunter2-second"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("password was already set; cannot set it again (its values are secret and not shown)");
        assertThat(s.toString()).isEqualTo("password=****");
    }

    @Test
    void flag_secondCallIsRefused() {
        Setting<Boolean> s = Setting.flag("dryRun");
        assertThat(s.get()).isFalse();
        s.turnOn();
        assertThat(s.get()).isTrue();
        assertThatThrownBy(s::turnOn)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("dryRun() was already called; call it once");
    }

    @Test
    void customDisplay_isUsedForBothValues() {
        Setting<Long> s = Setting.of("maxBuffered", 64L << 20, Setting::bytes);
        s.set(8L << 20);
        assertThatThrownBy(() -> s.set(4L << 20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maxBuffered was already set to 8 MiB; cannot set it to 4 MiB");
    }

    @Test
    void longOrControlValues_areClipped() {
        Setting<String> s = Setting.of("contentType");
        s.set("a".repeat(100));
        assertThatThrownBy(() -> s.set("x\ny"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "contentType was already set to " + "a".repeat(80) + "...(100 chars); cannot set it to x?y");
    }

    @Test
    void null_isRejectedNamingTheSetting() {
        Setting<String> s = Setting.of("profile");
        assertThatThrownBy(() -> s.set(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("profile");
    }

    @Test
    void bytes_usesTheLargestExactBinaryUnit() {
        assertThat(Setting.bytes(0)).isEqualTo("0 bytes");
        assertThat(Setting.bytes(1)).isEqualTo("1 byte");
        assertThat(Setting.bytes(1000)).isEqualTo("1000 bytes");
        assertThat(Setting.bytes(1024)).isEqualTo("1 KiB");
        assertThat(Setting.bytes(1536 * 1024)).isEqualTo("1536 KiB");
        assertThat(Setting.bytes(8L * 1024 * 1024)).isEqualTo("8 MiB");
        assertThat(Setting.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5 GiB");
    }
}

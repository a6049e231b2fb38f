package io.vigie.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.agent.testing.TestPki;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    private static final String HEX = "0123456789abcdef".repeat(4);

    @Test
    void acceptsEveryFormAnOperatorMayPaste() {
        String colons = HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(HEX));
        Fingerprint expected = Fingerprint.parse("SHA256:" + HEX);

        assertThat(Fingerprint.parse("SHA256:" + HEX.toUpperCase(Locale.ROOT))).isEqualTo(expected);
        assertThat(Fingerprint.parse("sha256:" + HEX)).isEqualTo(expected);
        assertThat(Fingerprint.parse(HEX)).isEqualTo(expected);
        assertThat(Fingerprint.parse("SHA256:" + colons)).isEqualTo(expected);
        assertThat(Fingerprint.parse("  " + colons + "\n")).isEqualTo(expected);
        assertThat(expected).hasToString("SHA256:" + HEX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SHA256:", "SHA256:abc", "MD5:0123456789abcdef0123456789abcdef",
        "SHA256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
        "SHA256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef00"})
    void refusesAnythingElseSayingWhatIsExpected(String text) {
        assertThatThrownBy(() -> Fingerprint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed fingerprint")
                .hasMessageContaining("64 hexadecimal digits");
    }

    @Test
    void matchesTheCertificateItWasTakenFrom() {
        TestPki pki = TestPki.create();

        assertThat(pki.caFingerprint().matches(pki.caCertificate())).isTrue();
        assertThat(pki.caFingerprint().matches(pki.serverChain()[0])).isFalse();
        assertThat(Fingerprint.parse(pki.caFingerprint().toString())).isEqualTo(pki.caFingerprint());
    }
}

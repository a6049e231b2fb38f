package io.vigie.server.platform.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final SubjectNames NAMES = SubjectNames.forAgentEndpoint(Optional.of("cp1"),
            Optional.empty(), List.of());

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(START);

    private Path tls() {
        return dataDir.resolve("tls");
    }

    private CertificateAuthority authority(SubjectNames names) {
        return new CertificateAuthority(tls(), names, clock, new CertificateIssuer());
    }

    @Test
    void createsTheCaOnceThenLoadsTheSameAfterARestart() throws Exception {
        TlsMaterial first = authority(NAMES).loadOrCreate();
        clock.advance(Duration.ofDays(100));
        TlsMaterial afterRestart = authority(NAMES).loadOrCreate();

        assertThat(afterRestart.pinnedFingerprint()).isEqualTo(first.pinnedFingerprint())
                .matches("SHA256:[0-9a-f]{64}");
        assertThat(afterRestart.leaf()).isEqualTo(first.leaf());
        assertThat(afterRestart.chain()).containsExactly(first.leaf(), first.pinned());
        assertThat(PemFiles.readCertificates(tls().resolve("ca.crt"))).containsExactly(first.pinned());
        assertThat(TlsMaterial.fingerprint(PemFiles.readCertificates(tls().resolve("ca.crt")).getFirst()))
                .isEqualTo(first.pinnedFingerprint());
    }

    @Test
    void theCaIsAnEcP256AuthorityValidTenYears() {
        X509Certificate ca = authority(NAMES).loadOrCreate().pinned();

        assertThat(ca.getSubjectX500Principal().getName()).matches("CN=Vigie control plane CA [0-9a-f]{8},O=Vigie");
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(ca.getBasicConstraints()).isZero();
        boolean[] usage = ca.getKeyUsage();
        assertThat(usage[5]).as("keyCertSign").isTrue();
        assertThat(usage[6]).as("cRLSign").isTrue();
        assertThat(usage[0]).as("digitalSignature").isFalse();
        assertThat(((ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(ca.getNotAfter().toInstant()).isEqualTo(START.atOffset(ZoneOffset.UTC).plusYears(10).toInstant());
    }

    @Test
    void theServerCertificateIsIssuedByTheCaForTwoYearsForServerAuthentication() throws Exception {
        TlsMaterial material = authority(NAMES).loadOrCreate();
        X509Certificate server = material.leaf();

        server.verify(material.pinned().getPublicKey());
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getNotAfter().toInstant()).isEqualTo(START.atOffset(ZoneOffset.UTC).plusYears(2).toInstant());
        assertThat(server.getNotBefore().toInstant()).isBefore(START);
        assertThat(TlsMaterial.matches(material.key(), server.getPublicKey())).isTrue();
        assertThat(NAMES.coveredBy(server)).isTrue();
    }

    @Test
    void keyFilesAreCreatedReadableByTheOwnerOnly() throws Exception {
        authority(NAMES).loadOrCreate();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls().resolve("ca.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls().resolve("server.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(tls().resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        try (var files = Files.list(tls())) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("ca.crt", "ca.key", "server.crt", "server.key");
        }
    }

    @Test
    void renewsTheServerCertificateWithTheSameCaWhenItExpiresWithinThirtyDays() {
        TlsMaterial first = authority(NAMES).loadOrCreate();
        Instant expiry = first.leaf().getNotAfter().toInstant();

        clock.set(expiry.minus(Duration.ofDays(31)));
        assertThat(authority(NAMES).loadOrCreate().leaf()).as("31 days before expiry").isEqualTo(first.leaf());

        clock.set(expiry.minus(Duration.ofDays(29)));
        TlsMaterial renewed = authority(NAMES).loadOrCreate();
        assertThat(renewed.leaf()).isNotEqualTo(first.leaf());
        assertThat(renewed.leaf().getNotAfter().toInstant()).isAfter(expiry);
        assertThat(renewed.key()).isNotEqualTo(first.key());
        assertThat(renewed.pinnedFingerprint()).isEqualTo(first.pinnedFingerprint());
        assertThat(PemFiles.readCertificates(tls().resolve("server.crt"))).containsExactly(renewed.leaf());
        assertThat(authority(NAMES).loadOrCreate().leaf()).as("renewed once only").isEqualTo(renewed.leaf());
    }

    @Test
    void reissuesTheServerCertificateWhenAConfiguredNameIsNotCovered() {
        TlsMaterial first = authority(NAMES).loadOrCreate();
        SubjectNames more = SubjectNames.forAgentEndpoint(Optional.of("cp1"), Optional.empty(),
                List.of("cp.example.org"));

        TlsMaterial reissued = authority(more).loadOrCreate();

        assertThat(reissued.leaf()).isNotEqualTo(first.leaf());
        assertThat(more.coveredBy(reissued.leaf())).isTrue();
        assertThat(reissued.pinnedFingerprint()).isEqualTo(first.pinnedFingerprint());
        assertThat(authority(NAMES).loadOrCreate().leaf()).as("a name removed is no reason to reissue")
                .isEqualTo(reissued.leaf());
    }

    @Test
    void reissuesAMissingServerCertificate() throws Exception {
        TlsMaterial first = authority(NAMES).loadOrCreate();
        Files.delete(tls().resolve("server.crt"));

        TlsMaterial again = authority(NAMES).loadOrCreate();

        assertThat(again.leaf()).isNotEqualTo(first.leaf());
        assertThat(again.pinnedFingerprint()).isEqualTo(first.pinnedFingerprint());
    }

    @Test
    void aDamagedCaCertificateStopsTheStartNamingTheFile() throws Exception {
        authority(NAMES).loadOrCreate();
        Files.writeString(tls().resolve("ca.crt"),
                "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> authority(NAMES).loadOrCreate())
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(tls().resolve("ca.crt").toAbsolutePath().toString())
                .extracting(e -> ((TlsFileException) e).file()).isEqualTo(tls().resolve("ca.crt").toAbsolutePath());
    }

    @Test
    void aDamagedCaKeyStopsTheStartNamingTheFile() throws Exception {
        authority(NAMES).loadOrCreate();
        Files.writeString(tls().resolve("ca.key"), "garbage");

        assertThatThrownBy(() -> authority(NAMES).loadOrCreate())
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(tls().resolve("ca.key").toAbsolutePath().toString())
                .hasMessageContaining("no PEM private key");
    }

    @Test
    void aDamagedServerCertificateIsReportedNotReplaced() throws Exception {
        authority(NAMES).loadOrCreate();
        Files.writeString(tls().resolve("server.crt"), "nothing here");

        assertThatThrownBy(() -> authority(NAMES).loadOrCreate())
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(tls().resolve("server.crt").toAbsolutePath().toString());
        assertThat(Files.readString(tls().resolve("server.crt"))).isEqualTo("nothing here");
    }

    @Test
    void neverReplacesACaWhoseKeyIsMissing() throws Exception {
        String fingerprint = authority(NAMES).loadOrCreate().pinnedFingerprint();
        Files.delete(tls().resolve("ca.key"));

        assertThatThrownBy(() -> authority(NAMES).loadOrCreate())
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(tls().resolve("ca.key").toAbsolutePath() + ": is missing");
        assertThat(TlsMaterial.fingerprint(PemFiles.readCertificates(tls().resolve("ca.crt")).getFirst()))
                .isEqualTo(fingerprint);
        assertThat(tls().resolve("ca.key")).doesNotExist();
    }

    @Test
    void refusesACaKeyThatIsNotTheKeyOfTheCaCertificate() throws Exception {
        authority(NAMES).loadOrCreate();
        PemFiles.writePrivateKey(tls().resolve("ca.key"), new CertificateIssuer().newKeyPair().getPrivate());

        assertThatThrownBy(() -> authority(NAMES).loadOrCreate())
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining("ca.key: is not the key of");
    }

    @Test
    void replacesAServerCertificateThatAnotherCaIssued() throws Exception {
        TlsMaterial first = authority(NAMES).loadOrCreate();
        Path elsewhere = dataDir.resolve("other");
        TlsMaterial foreign = new CertificateAuthority(elsewhere, NAMES, clock, new CertificateIssuer()).loadOrCreate();
        Files.copy(elsewhere.resolve("server.crt"), tls().resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(elsewhere.resolve("server.key"), tls().resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);

        TlsMaterial again = authority(NAMES).loadOrCreate();

        assertThat(again.leaf()).isNotEqualTo(foreign.leaf());
        again.leaf().verify(first.pinned().getPublicKey());
    }
}

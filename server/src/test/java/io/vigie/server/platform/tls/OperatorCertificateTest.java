package io.vigie.server.platform.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorCertificateTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path custom;

    private final CertificateIssuer issuer = new CertificateIssuer();
    private final MutableClock clock = new MutableClock(NOW);
    private KeyPair rootKeys;
    private X509Certificate root;
    private KeyPair serverKeys;
    private X509Certificate server;

    @BeforeEach
    void makeAChain() {
        rootKeys = issuer.newKeyPair();
        root = issuer.issueAuthority(rootKeys, NOW);
        serverKeys = issuer.newKeyPair();
        server = issuer.issueServer(serverKeys.getPublic(),
                SubjectNames.forAgentEndpoint(Optional.empty(), Optional.empty(), List.of("cp.example.org")),
                root, rootKeys.getPrivate(), NOW);
    }

    private OperatorCertificate operator() {
        return new OperatorCertificate(custom, clock);
    }

    @Test
    void isNotConfiguredUntilTheOperatorPutsFiles() {
        assertThat(new OperatorCertificate(custom.resolve("absent"), clock).isConfigured()).isFalse();
        assertThat(operator().isConfigured()).isFalse();
    }

    @Test
    void pinsTheTopOfTheChainFile() {
        PemFiles.writeCertificates(custom.resolve("server.crt"), List.of(server));
        PemFiles.writeCertificates(custom.resolve("chain.crt"), List.of(root));
        PemFiles.writePrivateKey(custom.resolve("server.key"), serverKeys.getPrivate());

        TlsMaterial material = operator().load();

        assertThat(operator().isConfigured()).isTrue();
        assertThat(material.chain()).containsExactly(server, root);
        assertThat(material.pinned()).isEqualTo(root);
        assertThat(material.pinnedFingerprint()).isEqualTo(TlsMaterial.fingerprint(root));
    }

    @Test
    void acceptsAChainInTheCertificateFileAndAKeyInOpenSslFormat() throws Exception {
        PemFiles.writeCertificates(custom.resolve("server.crt"), List.of(server, root));
        Files.writeString(custom.resolve("server.key"), sec1(serverKeys.getPrivate()));

        TlsMaterial material = operator().load();

        assertThat(material.chain()).containsExactly(server, root);
        assertThat(material.pinned()).isEqualTo(root);
    }

    @Test
    void pinsTheServerCertificateItselfWhenItIsAlone() {
        PemFiles.writeCertificates(custom.resolve("server.crt"), List.of(server));
        PemFiles.writePrivateKey(custom.resolve("server.key"), serverKeys.getPrivate());

        assertThat(operator().load().pinned()).isEqualTo(server);
    }

    @Test
    void refusesAMissingKeyNamingIt() {
        PemFiles.writeCertificates(custom.resolve("server.crt"), List.of(server));

        assertThat(operator().isConfigured()).isTrue();
        assertThatThrownBy(() -> operator().load())
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(custom.resolve("server.key").toAbsolutePath() + ": is missing");
    }

    @Test
    void refusesAKeyOfAnotherCertificate() {
        PemFiles.writeCertificates(custom.resolve("server.crt"), List.of(server));
        PemFiles.writePrivateKey(custom.resolve("server.key"), rootKeys.getPrivate());

        assertThatThrownBy(() -> operator().load())
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining("server.key: is not the key of the first certificate");
    }

    @Test
    void refusesAChainOutOfOrder() {
        X509Certificate otherRoot = issuer.issueAuthority(issuer.newKeyPair(), NOW);
        PemFiles.writeCertificates(custom.resolve("server.crt"), List.of(server));
        PemFiles.writeCertificates(custom.resolve("chain.crt"), List.of(otherRoot));
        PemFiles.writePrivateKey(custom.resolve("server.key"), serverKeys.getPrivate());

        assertThatThrownBy(() -> operator().load())
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining("certificate 1 of the chain is not signed by certificate 2");
    }

    @Test
    void refusesAnEncryptedKeyWithAnExplanation() throws Exception {
        PemFiles.writeCertificates(custom.resolve("server.crt"), List.of(server));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(new JcaPKCS8Generator(serverKeys.getPrivate(),
                    new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                            .setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build()));
        }
        Files.writeString(custom.resolve("server.key"), pem.toString());

        assertThatThrownBy(() -> operator().load())
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining("server.key: the private key is encrypted");
    }

    /** The OpenSSL ("traditional", SEC 1) form of an EC key, with its curve, as OpenSSL writes it. */
    private static String sec1(PrivateKey key) throws Exception {
        PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(key.getEncoded());
        ECPrivateKey inner = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
        ECPrivateKey withCurve = new ECPrivateKey(256, inner.getKey(),
                pkcs8.getPrivateKeyAlgorithm().getParameters());
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(new PemObject("EC PRIVATE KEY", withCurve.getEncoded()));
        }
        assertThat(pem.toString()).startsWith("-----BEGIN EC PRIVATE KEY-----");
        return pem.toString();
    }
}

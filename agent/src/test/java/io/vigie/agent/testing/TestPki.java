package io.vigie.agent.testing;

import io.vigie.agent.transport.Fingerprint;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private CA and a server certificate it signed, like the control plane makes at first start
 * (EC P-256), to play the control plane's TLS in tests. The server certificate has no subject
 * alternative name, so a connection to 127.0.0.1 also proves that host names are not checked.
 */
public final class TestPki {

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

    private final X509Certificate ca;
    private final PrivateKey serverKey;
    private final X509Certificate[] serverChain;

    private TestPki(X509Certificate ca, PrivateKey serverKey, X509Certificate[] serverChain) {
        this.ca = ca;
        this.serverKey = serverKey;
        this.serverChain = serverChain;
    }

    /** @return a new CA and a server certificate signed by it */
    public static TestPki create() {
        try {
            KeyPair caKeys = ecKeys();
            X509Certificate ca = certificate("CN=Vigie test CA", caKeys, "CN=Vigie test CA", caKeys.getPrivate(), true);
            KeyPair serverKeys = ecKeys();
            X509Certificate server = certificate("CN=vigie-test-server", serverKeys, "CN=Vigie test CA",
                    caKeys.getPrivate(), false);
            return new TestPki(ca, serverKeys.getPrivate(), new X509Certificate[] {server, ca});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An impostor: its own key and a certificate it signed itself, presented together with the
     * real CA certificate (which is public), as an attacker would.
     *
     * @param victim the PKI whose CA the impostor appends
     * @return the impostor's PKI
     */
    public static TestPki impostorOf(TestPki victim) {
        try {
            KeyPair keys = ecKeys();
            X509Certificate leaf = certificate("CN=vigie-test-server", keys, "CN=Vigie test CA", keys.getPrivate(), false);
            return new TestPki(victim.ca, keys.getPrivate(), new X509Certificate[] {leaf, victim.ca});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the CA certificate (the one operators pin) */
    public X509Certificate caCertificate() {
        return ca;
    }

    /** @return the chain the server presents, its own certificate first */
    public X509Certificate[] serverChain() {
        return serverChain.clone();
    }

    /** @return the pinned fingerprint of the CA */
    public Fingerprint caFingerprint() {
        return Fingerprint.of(ca);
    }

    /** @return a TLS context serving the server chain */
    public SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "test".toCharArray();
            store.setKeyEntry("server", serverKey, password, serverChain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
                                               boolean authority) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Principal(issuer),
                BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(30))), new X500Principal(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
        if (authority) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}

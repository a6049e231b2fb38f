package io.vigie.server.platform.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HexFormat;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the keys and certificates of the control plane's private CA, with Bouncy Castle's builders
 * over the JDK's own crypto providers (no provider is registered globally).
 *
 * <p>Every key is EC P-256 and every signature ECDSA with SHA-256. The CA may sign only end-entity
 * certificates (path length 0). Validity starts one hour before "now", so that an agent whose clock
 * is a little behind still accepts a fresh certificate; a server certificate never outlives its CA.
 */
final class CertificateIssuer {

    /** Validity of the CA, in years. */
    static final int CA_YEARS = 10;
    /** Validity of a server certificate, in years. */
    static final int SERVER_YEARS = 2;

    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final SecureRandom random = new SecureRandom();

    /** @return a new EC P-256 key pair */
    KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
        }
    }

    /**
     * Makes the self-signed CA certificate, named {@code Vigie control plane CA <random suffix>} so
     * that two installations never show the same name.
     *
     * @param keys the CA's key pair
     * @param now the current time
     * @return the certificate, valid {@value #CA_YEARS} years
     */
    X509Certificate issueAuthority(KeyPair keys, Instant now) {
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Vigie")
                .addRDN(BCStyle.CN, "Vigie control plane CA " + HexFormat.of().formatHex(suffix))
                .build();
        Instant notAfter = now.atOffset(ZoneOffset.UTC).plusYears(CA_YEARS).toInstant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serialNumber(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return sign(builder, keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot make the CA certificate", e);
        }
    }

    /**
     * Makes a server certificate for the agent port, signed by the CA.
     *
     * @param serverKey the public key to certify
     * @param names the names it must carry
     * @param authority the CA certificate
     * @param authorityKey the CA's private key
     * @param now the current time
     * @return the certificate, valid {@value #SERVER_YEARS} years or until the CA expires, if sooner
     */
    X509Certificate issueServer(PublicKey serverKey, SubjectNames names, X509Certificate authority,
            PrivateKey authorityKey, Instant now) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Vigie")
                .addRDN(BCStyle.CN, "Vigie control plane")
                .build();
        Instant notAfter = now.atOffset(ZoneOffset.UTC).plusYears(SERVER_YEARS).toInstant();
        Instant authorityEnd = authority.getNotAfter().toInstant();
        if (notAfter.isAfter(authorityEnd)) {
            notAfter = authorityEnd;
        }
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(authority, serialNumber(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, serverKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, names.toGeneralNames())
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(serverKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(authority));
            return sign(builder, authorityKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot make the server certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signingKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** A positive random serial number of 127 bits: unique, and within RFC 5280's 20 octets. */
    private BigInteger serialNumber() {
        return new BigInteger(127, random).setBit(126);
    }
}

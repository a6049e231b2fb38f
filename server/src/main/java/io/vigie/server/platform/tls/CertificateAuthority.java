package io.vigie.server.platform.tls;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's private certificate authority, kept under {@code <data>/tls/}, and the
 * server certificate it issues for the agent port.
 *
 * <p>Files: {@code ca.crt} and {@code ca.key} (the CA), {@code server.crt} and {@code server.key}
 * (the agent port's certificate). Keys are PKCS#8 PEM with mode 0600; every write is atomic.
 *
 * <p>Invariants:
 * <ul>
 * <li>The CA is made once, when neither {@code ca.crt} nor {@code ca.key} exists, and this class
 * never replaces it: every enrolled agent pins its fingerprint. A CA file that is missing alone,
 * unreadable, or whose key does not match its certificate stops the start-up with a
 * {@link TlsFileException} naming the file.</li>
 * <li>The server certificate is derived material: it is made again, with a new key and by the same
 * CA, when it is missing, expires within {@link #RENEW_BEFORE}, is not yet valid, lacks one of the
 * required names, was not issued by this CA, or does not match its key. A server file that exists
 * but cannot be parsed is an error like any other, so that a damaged disk is noticed.</li>
 * </ul>
 * Calling {@link #loadOrCreate()} again is cheap and changes nothing unless renewal is due.
 */
final class CertificateAuthority {

    /** A server certificate that expires within this delay is renewed. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final Logger log = LoggerFactory.getLogger(CertificateAuthority.class);

    private final Path directory;
    private final SubjectNames names;
    private final Clock clock;
    private final CertificateIssuer issuer;

    /**
     * @param directory the TLS directory, {@code <data>/tls}
     * @param names the names the server certificate must carry
     * @param clock the time used for validity and renewal
     * @param issuer makes keys and certificates
     */
    CertificateAuthority(Path directory, SubjectNames names, Clock clock, CertificateIssuer issuer) {
        this.directory = directory;
        this.names = names;
        this.clock = clock;
        this.issuer = issuer;
    }

    /**
     * Loads the CA and the server certificate, making whichever is missing or due.
     *
     * @return the server key, the chain (server certificate then CA) and the CA as pinned certificate
     * @throws TlsFileException when a file is damaged or the CA is incomplete
     */
    TlsMaterial loadOrCreate() {
        PemFiles.createPrivateDirectory(directory);
        Instant now = clock.instant();
        Authority authority = loadOrCreateAuthority(now);
        Path certificateFile = directory.resolve("server.crt");
        Path keyFile = directory.resolve("server.key");
        ServerPair existing = Files.exists(certificateFile) && Files.exists(keyFile)
                ? new ServerPair(PemFiles.readCertificates(certificateFile).getFirst(),
                        PemFiles.readPrivateKey(keyFile))
                : null;
        Optional<String> renewal = renewalReason(authority, existing, now);
        if (renewal.isEmpty()) {
            return new TlsMaterial(existing.key(), List.of(existing.certificate(), authority.certificate()),
                    authority.certificate());
        }
        KeyPair keys = issuer.newKeyPair();
        X509Certificate server = issuer.issueServer(keys.getPublic(), names, authority.certificate(),
                authority.key(), now);
        PemFiles.writePrivateKey(keyFile, keys.getPrivate());
        PemFiles.writeCertificates(certificateFile, List.of(server));
        log.info("issued the agent port's TLS certificate reason=\"{}\" notAfter={} names={} addresses={}",
                renewal.get(), server.getNotAfter().toInstant(), names.dnsNames(),
                names.ipAddresses().stream().map(InetAddress::getHostAddress).toList());
        return new TlsMaterial(keys.getPrivate(), List.of(server, authority.certificate()), authority.certificate());
    }

    private Authority loadOrCreateAuthority(Instant now) {
        Path certificateFile = directory.resolve("ca.crt");
        Path keyFile = directory.resolve("ca.key");
        boolean certificateExists = Files.exists(certificateFile);
        boolean keyExists = Files.exists(keyFile);
        if (!certificateExists && !keyExists) {
            KeyPair keys = issuer.newKeyPair();
            X509Certificate certificate = issuer.issueAuthority(keys, now);
            PemFiles.writePrivateKey(keyFile, keys.getPrivate());
            PemFiles.writeCertificates(certificateFile, List.of(certificate));
            log.info("created the control plane's CA subject=\"{}\" fingerprint={} notAfter={}",
                    certificate.getSubjectX500Principal().getName(), TlsMaterial.fingerprint(certificate),
                    certificate.getNotAfter().toInstant());
            return new Authority(certificate, keys.getPrivate());
        }
        if (!certificateExists || !keyExists) {
            Path missing = certificateExists ? keyFile : certificateFile;
            throw new TlsFileException(missing, "is missing while " + (certificateExists ? certificateFile : keyFile)
                    + " exists. Restore both from a backup: agents pin this CA. Only on a first start that "
                    + "was interrupted may you delete both to make a new CA");
        }
        List<X509Certificate> certificates = PemFiles.readCertificates(certificateFile);
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        X509Certificate certificate = certificates.getFirst();
        if (certificates.size() != 1 || certificate.getBasicConstraints() < 0) {
            throw new TlsFileException(certificateFile, "must hold exactly one CA certificate");
        }
        if (!TlsMaterial.matches(key, certificate.getPublicKey())) {
            throw new TlsFileException(keyFile, "is not the key of " + certificateFile.toAbsolutePath());
        }
        Instant end = certificate.getNotAfter().toInstant();
        if (!end.isAfter(now.plus(Duration.ofDays(365)))) {
            log.warn("the control plane's CA expires soon notAfter={}: plan a new CA and the re-enrollment of "
                    + "every agent (docs/tls.md)", end);
        }
        return new Authority(certificate, key);
    }

    private Optional<String> renewalReason(Authority authority, ServerPair existing, Instant now) {
        if (existing == null) {
            return Optional.of("missing");
        }
        X509Certificate certificate = existing.certificate();
        if (!issuedBy(certificate, authority.certificate())) {
            return Optional.of("not issued by this CA");
        }
        if (!TlsMaterial.matches(existing.key(), certificate.getPublicKey())) {
            return Optional.of("key does not match");
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            return Optional.of("not yet valid");
        }
        if (!certificate.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))) {
            return Optional.of("expires on " + certificate.getNotAfter().toInstant());
        }
        if (!names.coveredBy(certificate)) {
            return Optional.of("names changed");
        }
        return Optional.empty();
    }

    private static boolean issuedBy(X509Certificate certificate, X509Certificate authority) {
        try {
            certificate.verify(authority.getPublicKey());
            return certificate.getIssuerX500Principal().equals(authority.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The CA's certificate and key, known to match. */
    private record Authority(X509Certificate certificate, PrivateKey key) {
    }

    /** The server certificate and key found on disk, not yet checked. */
    private record ServerPair(X509Certificate certificate, PrivateKey key) {
    }
}

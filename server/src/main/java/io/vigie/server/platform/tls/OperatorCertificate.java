package io.vigie.server.platform.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A certificate that the operator provides for the agent port instead of the generated one, in
 * {@code <data>/tls/custom/}: {@code server.crt} (the server certificate, optionally followed by
 * its chain), {@code server.key} (unencrypted PEM: PKCS#8, EC or RSA) and, optionally,
 * {@code chain.crt} (more chain certificates).
 *
 * <p>Agents pin the top certificate of that chain, the last one of {@code server.crt} then
 * {@code chain.crt}: it is sent in every handshake, so an agent always finds it. The operator
 * renews this certificate; Vigie only warns when it is about to expire.
 *
 * <p>Invariants: the key matches the first certificate, and each certificate is signed by the next
 * one; otherwise the start-up stops with a {@link TlsFileException} naming the file.
 */
final class OperatorCertificate {

    private static final Logger log = LoggerFactory.getLogger(OperatorCertificate.class);

    private final Path directory;
    private final Clock clock;

    /**
     * @param directory {@code <data>/tls/custom}
     * @param clock used to warn of the expiry
     */
    OperatorCertificate(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** @return true when the operator has put a certificate or a key in the directory */
    boolean isConfigured() {
        return Files.exists(directory.resolve("server.crt")) || Files.exists(directory.resolve("server.key"));
    }

    /**
     * Loads the operator's certificate.
     *
     * @return the key, the chain and its top certificate as pinned certificate
     * @throws TlsFileException when a file is missing, damaged or inconsistent
     */
    TlsMaterial load() {
        Path certificateFile = directory.resolve("server.crt");
        Path keyFile = directory.resolve("server.key");
        Path chainFile = directory.resolve("chain.crt");
        for (Path required : List.of(certificateFile, keyFile)) {
            if (!Files.exists(required)) {
                throw new TlsFileException(required, "is missing: an operator-provided certificate needs "
                        + "both server.crt and server.key in " + directory.toAbsolutePath());
            }
        }
        List<X509Certificate> chain = new ArrayList<>(PemFiles.readCertificates(certificateFile));
        if (Files.exists(chainFile)) {
            chain.addAll(PemFiles.readCertificates(chainFile));
        }
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        if (!TlsMaterial.matches(key, chain.getFirst().getPublicKey())) {
            throw new TlsFileException(keyFile, "is not the key of the first certificate of "
                    + certificateFile.toAbsolutePath());
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!signedBy(chain.get(i), chain.get(i + 1))) {
                throw new TlsFileException(certificateFile, "certificate " + (i + 1) + " of the chain is not signed "
                        + "by certificate " + (i + 2) + ": put the server certificate first, then each issuer");
            }
        }
        Instant notAfter = chain.getFirst().getNotAfter().toInstant();
        if (!notAfter.isAfter(clock.instant().plus(CertificateAuthority.RENEW_BEFORE))) {
            log.warn("the operator-provided TLS certificate of the agent port expires soon notAfter={} file={}",
                    notAfter, certificateFile.toAbsolutePath());
        }
        return new TlsMaterial(key, chain, chain.getLast());
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

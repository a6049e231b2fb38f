package io.vigie.server.platform.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/**
 * What the agent port serves: a private key, its certificate chain, and the certificate of that
 * chain that agents pin.
 *
 * <p>Invariants: the chain is not empty and starts with the certificate of the key; the pinned
 * certificate is one of the chain, so a TLS client always receives it in the handshake.
 *
 * @param key the private key of the server certificate
 * @param chain the server certificate first, then the certificates that issued it, in order
 * @param pinned the certificate whose fingerprint agents pin (the CA, or the top of an operator's chain)
 */
record TlsMaterial(PrivateKey key, List<X509Certificate> chain, X509Certificate pinned) {

    /** Alias of the key entry in the in-memory key store. */
    static final String KEY_ALIAS = "agent-api";

    TlsMaterial {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
        if (!chain.contains(pinned)) {
            throw new IllegalArgumentException("the pinned certificate is not in the chain");
        }
    }

    /** @return the server certificate */
    X509Certificate leaf() {
        return chain.getFirst();
    }

    /** @return the fingerprint that agents pin, as {@link #fingerprint(X509Certificate)} */
    String pinnedFingerprint() {
        return fingerprint(pinned);
    }

    /**
     * Puts the key and chain in a PKCS#12 key store that lives only in memory.
     *
     * @param password protects the entry in memory; it is never written anywhere
     * @return the key store, holding one key entry named {@link #KEY_ALIAS}
     */
    KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            store.setKeyEntry(KEY_ALIAS, key, password, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the in-memory key store of the agent port", e);
        }
    }

    /**
     * The pinning fingerprint of a certificate: {@code SHA256:} and the 64 lower-case hexadecimal
     * digits of the SHA-256 digest of its DER encoding.
     *
     * @param certificate the certificate
     * @return for example {@code SHA256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08}
     */
    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return "SHA256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot compute a certificate fingerprint", e);
        }
    }

    /**
     * Tells whether a private key belongs to a public key, by signing a random challenge.
     *
     * @param key the private key (EC or RSA)
     * @param publicKey the public key, usually of a certificate
     * @return true when a signature made with the key verifies with the public key
     */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

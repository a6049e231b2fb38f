package io.vigie.agent.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 fingerprint of a DER-encoded certificate: what the agent pins.
 *
 * <p>Accepted text: an optional {@code SHA256:} prefix (any case), then 64 hexadecimal digits in
 * any case, with or without colons between bytes. The canonical form, used in files and logs, is
 * {@code SHA256:} followed by 64 lower-case digits. Instances are immutable.
 */
public final class Fingerprint {

    private static final String PREFIX = "SHA256:";
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] digest;

    private Fingerprint(byte[] digest) {
        this.digest = digest;
    }

    /**
     * @param text a fingerprint as an operator pastes it
     * @return the fingerprint
     * @throws IllegalArgumentException when the text is not a SHA-256 fingerprint, with a message
     *     saying what is expected
     */
    public static Fingerprint parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing fingerprint");
        }
        String hex = text.trim();
        if (hex.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            hex = hex.substring(PREFIX.length());
        }
        hex = hex.replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("malformed fingerprint '" + text
                    + "': expected SHA256: followed by 64 hexadecimal digits (colons allowed)");
        }
        return new Fingerprint(HEX.parseHex(hex));
    }

    /**
     * @param certificate any certificate
     * @return the SHA-256 fingerprint of its DER encoding
     */
    public static Fingerprint of(X509Certificate certificate) {
        try {
            return new Fingerprint(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /**
     * @param certificate a certificate presented by a server
     * @return whether it is the pinned one
     */
    public boolean matches(X509Certificate certificate) {
        return MessageDigest.isEqual(digest, of(certificate).digest);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fingerprint that && Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    /** @return the canonical form, {@code SHA256:} and 64 lower-case hexadecimal digits */
    @Override
    public String toString() {
        return PREFIX + HEX.formatHex(digest);
    }
}

package io.vigie.agent.metrics.db;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The hashes the authentication methods of PostgreSQL and MySQL are built from. */
final class Crypto {

    private Crypto() {
    }

    /**
     * @param algorithm {@code SHA-1}, {@code SHA-256} or {@code MD5}, which every JDK has
     * @param parts what to hash, one after the other
     * @return the digest
     */
    static byte[] digest(String algorithm, byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /**
     * @param key the key
     * @return HMAC-SHA-256 with that key, ready for {@link Mac#doFinal(byte[])}
     */
    static Mac hmacSha256(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    /**
     * @param a some bytes
     * @param b as many bytes
     * @return {@code a} XOR {@code b}, in a new array
     */
    static byte[] xor(byte[] a, byte[] b) {
        byte[] result = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            result[i] = (byte) (a[i] ^ b[i]);
        }
        return result;
    }
}

package io.vigie.agent.metrics.db;

import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802 and RFC 7677) without channel binding, as PostgreSQL
 * uses it: the password never crosses the connection, and the server proves that it knows it too
 * (its final signature is checked). The password is used as UTF-8 without SASLprep, which is
 * what PostgreSQL also does with a password that SASLprep would reject, and is the same for an
 * ASCII password.
 */
final class Scram {

    /** The iteration counts a server may ask for: more would hold the metrics thread for long. */
    static final int MAX_ITERATIONS = 1_000_000;

    private static final String GS2_HEADER = "n,,";

    private final byte[] password;
    private final String clientNonce;
    private final String clientFirstBare;
    private byte[] serverSignature;

    /**
     * @param user the user name sent in the exchange (PostgreSQL sends an empty one and uses the
     *     startup message's)
     * @param password the password
     * @param clientNonce a fresh random printable nonce, without commas
     */
    Scram(String user, String password, String clientNonce) {
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.clientNonce = clientNonce;
        this.clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
    }

    /** @return the client's first message */
    String clientFirst() {
        return GS2_HEADER + clientFirstBare;
    }

    /**
     * @param serverFirst the server's first message ({@code r=...,s=...,i=...})
     * @return the client's final message, with the proof
     * @throws ProtocolException when the server's message is malformed or its nonce does not
     *     extend ours
     */
    String clientFinal(String serverFirst) throws ProtocolException {
        Map<Character, String> fields = fields(serverFirst);
        String nonce = fields.get('r');
        String salt = fields.get('s');
        String iterations = fields.get('i');
        if (nonce == null || salt == null || iterations == null || !nonce.startsWith(clientNonce)
                || nonce.length() == clientNonce.length()) {
            throw new ProtocolException("malformed SCRAM challenge from the server");
        }
        int count;
        byte[] saltBytes;
        try {
            count = Integer.parseInt(iterations);
            saltBytes = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("malformed SCRAM challenge from the server");
        }
        if (count < 1 || count > MAX_ITERATIONS) {
            throw new ProtocolException("SCRAM iteration count " + count + " out of range 1.." + MAX_ITERATIONS);
        }
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII))
                + ",r=" + nonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] salted = hi(password, saltBytes, count);
        byte[] clientKey = Crypto.hmacSha256(salted).doFinal(bytes("Client Key"));
        byte[] storedKey = Crypto.digest("SHA-256", clientKey);
        byte[] proof = Crypto.xor(clientKey, Crypto.hmacSha256(storedKey).doFinal(authMessage));
        serverSignature = Crypto.hmacSha256(Crypto.hmacSha256(salted).doFinal(bytes("Server Key"))).doFinal(authMessage);
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    /**
     * @param serverFinal the server's final message ({@code v=...} or {@code e=...})
     * @throws ProtocolException when the server reports an error or does not prove it knows the
     *     password
     */
    void verify(String serverFinal) throws ProtocolException {
        Map<Character, String> fields = fields(serverFinal);
        if (fields.containsKey('e')) {
            throw new ProtocolException("SCRAM authentication failed: " + fields.get('e'));
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(fields.getOrDefault('v', ""));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("malformed SCRAM signature from the server");
        }
        if (serverSignature == null || !MessageDigest.isEqual(signature, serverSignature)) {
            throw new ProtocolException("the server's SCRAM signature is wrong: it does not know the password");
        }
    }

    /** PBKDF2 with HMAC-SHA-256, one block: {@code Hi()} of RFC 5802. */
    private static byte[] hi(byte[] password, byte[] salt, int iterations) {
        byte[] first = new byte[salt.length + 4];
        System.arraycopy(salt, 0, first, 0, salt.length);
        first[first.length - 1] = 1;
        Mac mac = Crypto.hmacSha256(password);
        byte[] u = mac.doFinal(first);
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private static Map<Character, String> fields(String message) {
        Map<Character, String> fields = new HashMap<>();
        for (String field : message.split(",")) {
            if (field.length() >= 2 && field.charAt(1) == '=') {
                fields.putIfAbsent(field.charAt(0), field.substring(2));
            }
        }
        return fields;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

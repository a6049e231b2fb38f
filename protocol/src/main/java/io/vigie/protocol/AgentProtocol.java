package io.vigie.protocol;

/**
 * Constants of the agent-to-control-plane protocol: its version, the paths of the agent API and
 * the header names. Both sides compile against this class, so a path cannot drift between them.
 *
 * <p>The protocol is described in {@code docs/agent-protocol.md}.
 */
public final class AgentProtocol {

    /** Version of the wire format; bumped on any incompatible change. */
    public static final int VERSION = 1;

    /** Exchanges a one-time enrollment token for the agent's identity and secret. */
    public static final String ENROLL_PATH = "/agent/v1/enroll";

    /** Receives a batch of spooled messages ({@link MessageBatch}); answers a {@link BatchReceipt}. */
    public static final String MESSAGES_PATH = "/agent/v1/messages";

    /** Header that carries the protocol version of the sender. */
    public static final String VERSION_HEADER = "Vigie-Protocol";

    /** Scheme of the {@code Authorization} header: {@code Bearer <agentId>.<secret>}. */
    public static final String AUTH_SCHEME = "Bearer";

    /** Maximum number of messages in one batch; the server refuses larger batches. */
    public static final int MAX_BATCH_MESSAGES = 500;

    /** Maximum size in bytes of one batch once decompressed; the server refuses larger bodies. */
    public static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

    /** Most samples one {@link MetricSamples} message may carry. */
    public static final int MAX_SAMPLES_PER_MESSAGE = 10_000;

    /** Most log lines one {@link SecurityAlert} may carry. */
    public static final int MAX_ALERT_SAMPLES = 3;

    /** Longest log line of a {@link SecurityAlert}, in characters. */
    public static final int MAX_ALERT_SAMPLE_LENGTH = 512;

    private AgentProtocol() {
    }

    /**
     * Builds the credential that the agent presents on every call after enrollment.
     *
     * @param agentId the identity given at enrollment
     * @param secret the secret given at enrollment
     * @return the value of the {@code Authorization} header
     */
    public static String authorization(java.util.UUID agentId, String secret) {
        return AUTH_SCHEME + " " + agentId + "." + secret;
    }
}

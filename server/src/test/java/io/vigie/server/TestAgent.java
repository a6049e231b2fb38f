package io.vigie.server;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.BatchReceipt;
import io.vigie.protocol.EnrollmentRequest;
import io.vigie.protocol.EnrollmentResponse;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.MessageType;
import io.vigie.protocol.MessageBatch;
import io.vigie.protocol.MetricSamples;
import io.vigie.protocol.MetricSamples.Sample;
import io.vigie.server.agents.EnrollmentService;
import io.vigie.server.users.CurrentUser;
import tools.jackson.databind.json.JsonMapper;

/** An agent for tests: enrolled through the real agent API, sending batches the way the agent does. */
public final class TestAgent {

    private final MockMvc mvc;
    private final JsonMapper json;
    private final String authorization;
    private long sequence;

    private TestAgent(MockMvc mvc, JsonMapper json, String authorization) {
        this.mvc = mvc;
        this.json = json;
        this.authorization = authorization;
    }

    /**
     * Issues a token for the server and enrolls with it.
     *
     * @param mvc the application
     * @param json its JSON mapper
     * @param enrollment the enrollment service
     * @param serverId the server
     * @param operator who issues the token
     * @return the enrolled agent
     * @throws Exception if enrollment fails
     */
    public static TestAgent enroll(MockMvc mvc, JsonMapper json, EnrollmentService enrollment, UUID serverId,
            CurrentUser operator) throws Exception {
        String token = enrollment.issue(serverId, operator).token();
        String body = mvc.perform(post(AgentProtocol.ENROLL_PATH).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsBytes(new EnrollmentRequest(token, "test", null))))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        EnrollmentResponse identity = json.readValue(body, EnrollmentResponse.class);
        return new TestAgent(mvc, json, AgentProtocol.authorization(identity.agentId(), identity.secret()));
    }

    /**
     * @param envelopes messages, in spool order
     * @return the control plane's receipt
     * @throws Exception if the call fails
     */
    public BatchReceipt send(List<Envelope> envelopes) throws Exception {
        String body = mvc.perform(post(AgentProtocol.MESSAGES_PATH).contentType(MediaType.APPLICATION_JSON)
                        .header("Authorization", authorization)
                        .content(json.writeValueAsBytes(new MessageBatch(AgentProtocol.VERSION, envelopes))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return json.readValue(body, BatchReceipt.class);
    }

    /**
     * @param at observation time
     * @param samples the samples of the round
     * @return a metrics message with the next sequence number
     */
    public Envelope round(Instant at, Sample... samples) {
        return message(at, new MetricSamples(at, List.of(samples)));
    }

    /**
     * @param at creation time
     * @param payload any payload, even a malformed one
     * @return a metrics message with the next sequence number
     */
    public Envelope message(Instant at, Object payload) {
        return message(MessageType.METRICS, at, payload);
    }

    /**
     * @param type the message type
     * @param at creation time
     * @param payload any payload, even a malformed one
     * @return a message of that type with the next sequence number
     */
    public Envelope message(MessageType type, Instant at, Object payload) {
        return new Envelope(UUID.randomUUID(), ++sequence, type.wireName(), at, payload);
    }

    /**
     * @param name metric name
     * @param value value
     * @param labels label names and values, alternating
     * @return a sample
     */
    public static Sample sample(String name, double value, String... labels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new Sample(name, map, value);
    }
}

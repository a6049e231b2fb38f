package io.vigie.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.agent.testing.FakeControlPlane;
import io.vigie.agent.testing.Samples;
import io.vigie.agent.testing.TestPki;
import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.BatchReceipt;
import io.vigie.protocol.EnrollmentRequest;
import io.vigie.protocol.EnrollmentResponse;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.MessageBatch;
import java.net.ConnectException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentClientTest {

    private final TestPki pki = TestPki.create();
    private final FakeControlPlane controlPlane = new FakeControlPlane(pki).start();
    private final AgentClient client = new AgentClient(PinnedTls.httpClient(pki.caFingerprint(), controlPlane.url()));

    @AfterEach
    void stop() {
        controlPlane.close();
    }

    @Test
    void enrollmentSendsTokenVersionAndFactsAndReturnsTheIdentity() throws Exception {
        EnrollmentResponse identity = client.enroll(new EnrollmentRequest("tok-1", "1.2.3", Samples.facts()));

        assertThat(identity).isEqualTo(controlPlane.identity());
        assertThat(controlPlane.enrollments()).containsExactly(new EnrollmentRequest("tok-1", "1.2.3", Samples.facts()));
    }

    @Test
    void aRefusedEnrollmentCarriesTheProblemDetail() {
        controlPlane.refuseEnrollment(410, "enrollment token expired");

        assertThatThrownBy(() -> client.enroll(new EnrollmentRequest("tok-1", "1.2.3", Samples.facts())))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.status()).isEqualTo(410);
                    assertThat(e.detail()).isEqualTo("enrollment token expired");
                })
                .hasMessage("control plane answered 410: enrollment token expired");
    }

    @Test
    void batchesTravelGzipCompressedWithTheProtocolHeadersAndTheBearerCredential() throws Exception {
        EnrollmentResponse identity = controlPlane.identity();
        Envelope message = new Envelope(UUID.randomUUID(), 1, "heartbeat", Instant.parse("2026-01-01T00:00:00Z"),
                Samples.heartbeat(1));

        BatchReceipt receipt = client.send(new AgentCredentials(identity.agentId(), identity.secret()),
                new MessageBatch(AgentProtocol.VERSION, List.of(message)));

        assertThat(receipt.accepted()).containsExactly(message.id());
        FakeControlPlane.Received request = controlPlane.batches().getFirst();
        assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Vigie-Protocol")).isEqualTo("1");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + identity.agentId() + "." + identity.secret());
        assertThat(request.rawBody()).startsWith(0x1f, 0x8b);
        assertThat(Json.mapper().readValue(request.body(), MessageBatch.class).messages())
                .extracting(Envelope::id).containsExactly(message.id());
    }

    @Test
    void aWrongSecretIsRefusedWithTheProblemDetail() {
        AgentCredentials wrong = new AgentCredentials(controlPlane.identity().agentId(), "wrong");

        assertThatThrownBy(() -> client.send(wrong, new MessageBatch(AgentProtocol.VERSION, List.of())))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("401")
                .hasMessageContaining("unknown agent or wrong secret");
    }

    @Test
    void anAbsentControlPlaneIsAnIoFailure() {
        URI nowhere = controlPlane.url();
        controlPlane.stop();
        AgentClient absent = new AgentClient(PinnedTls.httpClient(pki.caFingerprint(), nowhere));

        assertThatThrownBy(() -> absent.enroll(new EnrollmentRequest("t", "v", Samples.facts())))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void credentialsNeverShowTheirSecret() {
        assertThat(new AgentCredentials(UUID.randomUUID(), "s3cr3t").toString()).doesNotContain("s3cr3t");
    }
}

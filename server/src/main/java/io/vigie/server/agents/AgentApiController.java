package io.vigie.server.agents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.EnrollmentRequest;
import io.vigie.protocol.MessageBatch;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent API, served only on the agent TLS port: enrollment and spooled message batches.
 * Bodies may be gzip-compressed; their decompressed size is capped by the protocol. Every
 * refusal is a problem body whose detail the agent prints.
 */
@RestController
@Hidden
class AgentApiController {

    private final EnrollmentService enrollment;
    private final AgentMessageService messages;
    private final JsonMapper json;

    AgentApiController(EnrollmentService enrollment, AgentMessageService messages, JsonMapper json) {
        this.enrollment = enrollment;
        this.messages = messages;
        this.json = json;
    }

    @PostMapping(AgentProtocol.ENROLL_PATH)
    ResponseEntity<?> enroll(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        EnrollmentRequest body;
        try {
            body = json.readValue(read(request), EnrollmentRequest.class);
        } catch (BodyException e) {
            enrollment.recordRefusal("malformed enrollment request", address);
            return problem(e.status, e.getMessage());
        } catch (JacksonException e) {
            enrollment.recordRefusal("malformed enrollment request", address);
            return problem(HttpStatus.BAD_REQUEST, "malformed enrollment request: " + e.getOriginalMessage());
        }
        try {
            return ResponseEntity.status(HttpStatus.CREATED).body(enrollment.enroll(body, address));
        } catch (EnrollmentRefusedException e) {
            enrollment.recordRefusal(e.getMessage(), address);
            return problem(e.status(), e.getMessage());
        }
    }

    @PostMapping(AgentProtocol.MESSAGES_PATH)
    ResponseEntity<?> messages(HttpServletRequest request,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        var agent = messages.authenticate(authorization, request.getRemoteAddr());
        if (agent.isEmpty()) {
            return problem(HttpStatus.UNAUTHORIZED, "unknown or revoked agent credentials: enroll this agent again");
        }
        MessageBatch batch;
        try {
            batch = json.readValue(read(request), MessageBatch.class);
        } catch (BodyException e) {
            return problem(e.status, e.getMessage());
        } catch (JacksonException e) {
            return problem(HttpStatus.BAD_REQUEST, "malformed batch: " + e.getOriginalMessage());
        }
        if (batch.messages() == null) {
            return problem(HttpStatus.BAD_REQUEST, "messages: required");
        }
        if (batch.messages().size() > AgentProtocol.MAX_BATCH_MESSAGES) {
            return problem(HttpStatus.CONTENT_TOO_LARGE,
                    "messages: at most " + AgentProtocol.MAX_BATCH_MESSAGES + " per batch");
        }
        return ResponseEntity.ok(messages.receive(agent.get(), batch));
    }

    private static byte[] read(HttpServletRequest request) throws BodyException {
        try {
            InputStream in = request.getInputStream();
            if ("gzip".equalsIgnoreCase(request.getHeader(HttpHeaders.CONTENT_ENCODING))) {
                in = new GZIPInputStream(in);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.size() > AgentProtocol.MAX_BATCH_BYTES) {
                    throw new BodyException(HttpStatus.CONTENT_TOO_LARGE,
                            "the body is larger than " + AgentProtocol.MAX_BATCH_BYTES + " bytes once decompressed");
                }
            }
            return out.toByteArray();
        } catch (BodyException e) {
            throw e;
        } catch (IOException e) {
            throw new BodyException(HttpStatus.BAD_REQUEST, "unreadable body: " + e.getMessage());
        }
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** A body that cannot be read: too large, or not gzip as announced. */
    private static final class BodyException extends Exception {
        private static final long serialVersionUID = 1L;
        private final HttpStatus status;

        BodyException(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }
    }
}

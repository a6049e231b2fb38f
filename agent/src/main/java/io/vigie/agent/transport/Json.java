package io.vigie.agent.transport;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the agent (Jackson 3, thread-safe once built).
 *
 * <p>Settings are spelled out rather than left to Jackson's defaults, because the wire format
 * depends on them: {@code java.time} values as ISO-8601 strings (Jackson 3 supports
 * {@code java.time} without a module), and unknown properties ignored, so that a newer control
 * plane may add fields to its answers.
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /** @return the shared mapper */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}

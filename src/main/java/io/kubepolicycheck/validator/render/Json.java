package io.kubepolicycheck.validator.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one configured Jackson mapper of the project: built once, shared (it is thread-safe). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonRenderer.factory())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    public static final ObjectWriter WRITER = MAPPER.writer();
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }

    /** A value as one line of JSON ({@code ["ALL"]}, {@code {"level":"s0:c1,c0"}}), for text meant for people. */
    public static String compact(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("value is not serializable", e);
        }
    }
}

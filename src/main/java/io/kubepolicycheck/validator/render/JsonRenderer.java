package io.kubepolicycheck.validator.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kubepolicycheck.validator.verdict.Verdict;

/** The contract's verdict JSON. */
public final class JsonRenderer implements VerdictRenderer {
    public static final JsonRenderer INSTANCE = new JsonRenderer();

    @Override
    public String render(Verdict verdict) {
        try {
            return Json.PRETTY.writeValueAsString(verdict) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("verdict is not serializable", e);
        }
    }
}

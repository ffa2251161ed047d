package io.kubepolicycheck.validator.render;

import io.kubepolicycheck.validator.verdict.Verdict;

/** Turns a verdict into the bytes of one format. Implementations are stateless and thread-safe. */
public interface VerdictRenderer {
    String render(Verdict verdict);

    static VerdictRenderer of(Format format) {
        return switch (format) {
            case JSON -> JsonRenderer.INSTANCE;
            case TEXT -> TextRenderer.INSTANCE;
            case MARKDOWN -> MarkdownRenderer.INSTANCE;
            case SARIF -> SarifRenderer.INSTANCE;
            case JUNIT -> JUnitRenderer.INSTANCE;
        };
    }
}

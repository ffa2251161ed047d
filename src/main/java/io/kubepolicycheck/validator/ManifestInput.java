package io.kubepolicycheck.validator;

/** One submitted manifest: its text and, when several are checked at once, the name of its file. */
public record ManifestInput(String source, byte[] content) {
}

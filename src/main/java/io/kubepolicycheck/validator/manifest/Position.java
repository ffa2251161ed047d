package io.kubepolicycheck.validator.manifest;

/** A place in the submitted text; line and column count from 1. */
public record Position(int line, int column) {
    @Override
    public String toString() {
        return line + ":" + column;
    }
}

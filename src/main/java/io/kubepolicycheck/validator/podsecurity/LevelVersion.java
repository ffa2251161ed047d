package io.kubepolicycheck.validator.podsecurity;

/** A level at a version, written as Kubernetes writes it: {@code restricted:latest}. */
public record LevelVersion(Level level, Version version) {
    @Override
    public String toString() {
        return level.label() + ":" + version;
    }
}

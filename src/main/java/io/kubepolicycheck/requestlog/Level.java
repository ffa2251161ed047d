package io.kubepolicycheck.requestlog;

/** Log levels, named as Lambda's {@code AWS_LAMBDA_LOG_LEVEL} names them, lowest first. */
public enum Level {
    TRACE, DEBUG, INFO, WARN, ERROR, FATAL;

    /**
     * The level {@code AWS_LAMBDA_LOG_LEVEL} names (Lambda sets it from the template's
     * {@code ApplicationLogLevel}); TRACE, everything, when it is unset or unknown, as Lambda does with no level.
     */
    public static Level fromEnvironment(String value) {
        if (value != null) {
            for (Level level : values()) {
                if (level.name().equalsIgnoreCase(value.trim())) {
                    return level;
                }
            }
        }
        return TRACE;
    }
}

package io.kubepolicycheck.validator.policy;

/** The admission operation a check stands for; PodSecurityPolicy defaults pods only on CREATE. */
public enum Operation {
    CREATE, UPDATE;

    public static Operation parse(String text) {
        if (text == null || text.isEmpty()) {
            return CREATE;
        }
        return switch (text) {
            case "CREATE" -> CREATE;
            case "UPDATE" -> UPDATE;
            default -> throw new IllegalArgumentException("operation must be CREATE or UPDATE, not \"" + text + "\"");
        };
    }
}

package io.kubepolicycheck.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's options and operands, read as POSIX and GNU tools read them: {@code --name value} and
 * {@code --name=value}; {@code -h} and {@code --help} on every command; {@code --} ends the options and {@code -}
 * alone is an operand (standard input). Every usage mistake (an unknown option, short or long, a missing value, a
 * single-valued option given twice) is a {@link UsageException} naming the option.
 */
final class Options {
    /** An option of a command: {@code --name}, with a value or not, and whether it may be given more than once. */
    record Spec(String name, boolean takesValue, boolean repeatable) {
        static Spec value(String name) {
            return new Spec(name, true, false);
        }

        static Spec repeatable(String name) {
            return new Spec(name, true, true);
        }

        static Spec flag(String name) {
            return new Spec(name, false, false);
        }
    }

    /** The command line is not one the command takes; the message says what is wrong. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    private static final String HELP = "--help";

    private final Map<String, List<String>> values;
    private final List<String> operands;

    private Options(Map<String, List<String>> values, List<String> operands) {
        this.values = values;
        this.operands = operands;
    }

    /** Help is given whatever else the line holds: a user asking for it may not be done typing the rest. */
    static Options parse(List<String> args, List<Spec> specs) throws UsageException {
        int end = args.indexOf("--");
        List<String> options = end < 0 ? args : args.subList(0, end);
        if (options.contains("-h") || options.contains(HELP)) {
            return new Options(Map.of(HELP, List.of("")), List.of());
        }
        return read(args, specs);
    }

    private static Options read(List<String> args, List<Spec> specs) throws UsageException {
        Map<String, Spec> known = new LinkedHashMap<>();
        known.put(HELP, Spec.flag(HELP));
        specs.forEach(spec -> known.put(spec.name(), spec));
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (arg.equals("-h")) {
                arg = HELP;
            } else if (!arg.startsWith("--")) {
                if (arg.startsWith("-") && arg.length() > 1) {
                    throw new UsageException("unknown option " + arg);
                }
                operands.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            Spec spec = known.get(name);
            if (spec == null) {
                throw new UsageException("unknown option " + name);
            }
            String value;
            if (!spec.takesValue()) {
                if (equals >= 0) {
                    throw new UsageException("option " + name + " takes no value");
                }
                value = "";
            } else if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("option " + name + " needs a value");
            }
            List<String> given = values.computeIfAbsent(name, n -> new ArrayList<>());
            if (!given.isEmpty() && !spec.repeatable() && spec.takesValue()) {
                throw new UsageException("option " + name + " may be given once");
            }
            given.add(value);
        }
        return new Options(values, List.copyOf(operands));
    }

    boolean help() {
        return values.containsKey(HELP);
    }

    /** The value of a single-valued option, or null when it was not given. */
    String value(String name) {
        List<String> given = values.get(name);
        return given == null ? null : given.get(0);
    }

    String value(String name, String otherwise) {
        String value = value(name);
        return value == null ? otherwise : value;
    }

    /** Every value of a repeatable option, in order. */
    List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    List<String> operands() {
        return operands;
    }
}

package io.kubepolicycheck.testing;

import java.util.List;
import java.util.Random;

/** YAML broken at random in one line, the ways a hand edit or a cut-short file breaks it. */
public final class BrokenYaml {
    private static final String ODD = " :-#'\"\\\t&*!|>{}[],?%@`~.0\u0085";

    private BrokenYaml() {
    }

    /**
     * Breaks line {@code at} of {@code lines} one of the first {@code ways} ways (at most 10): a quote or a bracket
     * opened, the line dropped, indented or cut short, all from it on dropped, an alias or anchor added, an odd
     * character inserted, a document marker put before it, a pod field mistyped or a kind lost.
     */
    public static void breakLine(Random random, List<String> lines, int at, int ways) {
        String line = lines.get(at);
        int column = random.nextInt(line.length() + 1);
        switch (random.nextInt(ways)) {
            case 0 -> lines.set(at, line.substring(0, column) + "\"" + line.substring(column));
            case 1 -> lines.set(at, line.substring(0, column) + (random.nextBoolean() ? "[" : "{")
                    + line.substring(column));
            case 2 -> lines.remove(at);
            case 3 -> lines.set(at, " ".repeat(1 + random.nextInt(2)) + line);
            case 4 -> lines.set(at, line.substring(Math.min(line.length(), 1 + random.nextInt(2))));
            case 5 -> lines.subList(at, lines.size()).clear();
            case 6 -> lines.set(at, line.endsWith(":") ? line + " *a" : line + " &a");
            case 7 -> lines.set(at, line.substring(0, column) + ODD.charAt(random.nextInt(ODD.length()))
                    + line.substring(column));
            case 8 -> lines.add(at, random.nextBoolean() ? "---" : "...");
            default -> lines.set(at, line.replace("hostNetwork: true", "hostNetwork: \"yes\"")
                    .replace("kind: Pod", random.nextBoolean() ? "kind: 3" : "kinds: Pod"));
        }
    }
}

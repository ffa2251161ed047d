package io.kubepolicycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kubepolicycheck.api.ApiRequest;
import io.kubepolicycheck.api.ApiResponse;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.DirectoryPolicyStore;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sample output in README.md and docs/*.md is the tool's real output. A sample is a fenced block right after
 * a comment that says how to produce it, hidden when the page is rendered:
 * <ul>
 * <li>{@code <!-- sample: ARGS... [< FILE] (exit N) -->}: the command line with those arguments (standard input
 * from FILE), its standard output then standard error, and its exit status;</li>
 * <li>{@code <!-- sample-http: METHOD PATH [< FILE] [content-type TYPE] (status N) -->}: the HTTP API's answer
 * body to that request, as {@code serve} and the Lambda give it;</li>
 * <li>{@code <!-- sample: EVENT patch -->}: the decoded patch of {@code events/EVENT.json}, compared by EventsTest.</li>
 * </ul>
 * The only elision allowed is a line holding just {@code ...}, which stands for any number of lines. Every
 * {@code java -jar target/kube-policy-check.jar} and {@code curl} command shown in a shell block is run too, and
 * must not be refused as bad usage or a bad request.
 */
class DocsSamplesTest {
    private static final Pattern MARKER = Pattern.compile(
            "<!-- (sample|sample-http): (.+?)(?: < (\\S+))?(?: content-type (\\S+))? \\((exit|status) (\\d+)\\) -->");
    /** The decoded patch of an event in events/, which EventsTest compares with the real answer. */
    private static final Pattern EVENT_PATCH_MARKER = Pattern.compile("<!-- sample: [a-z0-9-]+ patch -->");
    private static final Pattern FENCE = Pattern.compile("^```.*$");
    private static final String JAR = "java -jar target/kube-policy-check.jar ";
    private static final String ELISION = "...";

    private record Sample(String page, int line, String kind, String request, String stdin, String contentType,
                          int status, List<String> shown) {
        String name() {
            return page + ":" + line + ": " + request;
        }
    }

    private record Run(int status, String output) {
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The samples of a page: each marker and the fenced block that follows it. */
    static List<Sample> samples(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i).trim());
            if (!m.matches()) {
                boolean eventPatch = EVENT_PATCH_MARKER.matcher(lines.get(i).trim()).matches();
                assertFalse(lines.get(i).contains("<!-- sample") && !eventPatch,
                        page + ":" + (i + 1) + ": a sample marker that does not parse: " + lines.get(i));
                continue;
            }
            int open = i + 1;
            while (open < lines.size() && lines.get(open).isBlank()) {
                open++;
            }
            assertTrue(open < lines.size() && FENCE.matcher(lines.get(open)).matches(),
                    page + ":" + (i + 1) + ": a sample marker must be followed by a fenced block");
            int close = open + 1;
            while (close < lines.size() && !lines.get(close).startsWith("```")) {
                close++;
            }
            samples.add(new Sample(page.toString(), i + 1, m.group(1), m.group(2), m.group(3), m.group(4),
                    Integer.parseInt(m.group(6)), lines.subList(open + 1, close)));
            i = close;
        }
        return samples;
    }

    @TestFactory
    Stream<DynamicTest> everySampleIsTheRealOutput() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : pages()) {
            for (Sample sample : samples(page)) {
                tests.add(DynamicTest.dynamicTest(sample.name(), () -> {
                    Run run = sample.kind().equals("sample") ? command(sample) : http(sample);
                    assertEquals(sample.status(), run.status(), sample.name() + "\n" + run.output());
                    assertShown(sample, run.output().lines().toList());
                }));
            }
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    /** Output shown without a marker is output nobody checks: every block that looks like a verdict has one. */
    @Test
    void everyBlockThatShowsOutputIsASample() throws IOException {
        Pattern output = Pattern.compile("\"summary\" ?:|^(ALLOWED|DENIED|ERROR): |^### [✅❌⚠]|\"\\$schema\"|^error: "
                + "|^ID +ORIGIN|\"policySets\"|^kube-policy-check \\d");
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            boolean inBlock = false;
            int blockStart = 0;
            boolean marked = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("```")) {
                    if (!inBlock) {
                        blockStart = i;
                        int previous = i - 1;
                        while (previous >= 0 && lines.get(previous).isBlank()) {
                            previous--;
                        }
                        marked = previous >= 0 && (MARKER.matcher(lines.get(previous).trim()).matches()
                                || EVENT_PATCH_MARKER.matcher(lines.get(previous).trim()).matches());
                    }
                    inBlock = !inBlock;
                    continue;
                }
                if (inBlock && !marked && output.matcher(line).find()) {
                    fail(page + ":" + (blockStart + 1) + ": this block shows output but is no sample: " + line);
                }
            }
        }
    }

    /** Every {@code java -jar target/kube-policy-check.jar ...} and {@code curl ...} shown runs as shown. */
    @Test
    void everyCommandShownRuns() throws IOException {
        int commands = 0;
        for (Path page : pages()) {
            for (String line : shellLines(page)) {
                for (String part : line.split(" && ")) {
                    int jar = part.indexOf(JAR);
                    if (jar >= 0 && !part.contains("|") && !part.contains(" serve")) {
                        String args = part.substring(jar + JAR.length()).trim();
                        Run run = command(words(args), null);
                        assertTrue(run.status() <= 1, page + ": " + part + "\n" + run.output());
                        commands++;
                    } else if (part.startsWith("curl ")) {
                        Run run = curl(part);
                        assertEquals(200, run.status(), page + ": " + part + "\n" + run.output());
                        commands++;
                    }
                }
            }
        }
        assertTrue(commands >= 5, "found only " + commands + " commands");
    }

    /**
     * The CI recipes' commands ({@code java -jar kube-policy-check.jar ...} in any block, the jar where a CI job
     * keeps it) run on a folder holding the example manifest in place of {@code k8s/}, and on the example manifest
     * as standard input in place of {@code -}: their options are accepted and they report the example's denial in
     * the format they ask for.
     */
    @Test
    void everyCiRecipeRuns(@TempDir Path k8s) throws IOException {
        Files.copy(Path.of("examples", "deployment.yaml"), k8s.resolve("deployment.yaml"));
        String recipeJar = "java -jar kube-policy-check.jar ";
        int recipes = 0;
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            int jar = line.indexOf(recipeJar);
            if (jar < 0) {
                continue;
            }
            String command = line.substring(jar + recipeJar.length()).split(" [>|]")[0].trim();
            List<String> args = new ArrayList<>(words(command));
            args.replaceAll(arg -> arg.equals("k8s/") ? k8s.toString() : arg);
            byte[] stdin = args.get(args.size() - 1).equals("-")
                    ? Files.readAllBytes(Path.of("examples", "deployment.yaml")) : null;
            Run run = command(args, stdin);
            assertEquals(1, run.status(), line + "\n" + run.output());
            String format = args.get(args.indexOf("--format") + 1);
            String expected = switch (format) {
                case "sarif" -> "\"version\" : \"2.1.0\"";
                case "junit" -> "<testsuites";
                default -> "DENIED: ";
            };
            assertTrue(run.output().contains(expected), line + "\n" + run.output());
            recipes++;
        }
        assertEquals(3, recipes, "the README's CI recipes: GitHub Actions, GitLab CI, a Helm pipe");
    }

    private static List<String> shellLines(Path page) throws IOException {
        List<String> shell = new ArrayList<>();
        boolean inShell = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                inShell = !inShell && (line.equals("```sh") || line.equals("```bash"));
                continue;
            }
            if (inShell && !line.startsWith("#")) {
                String previous = shell.isEmpty() ? "" : shell.get(shell.size() - 1);
                // a line ending in a backslash, or inside a quoted string, goes on on the next
                if (previous.endsWith("\\") || previous.chars().filter(c -> c == '\'').count() % 2 == 1) {
                    shell.remove(shell.size() - 1);
                    String joined = previous.endsWith("\\") ? previous.substring(0, previous.length() - 1) : previous;
                    shell.add(joined.trim() + " " + line.trim());
                } else {
                    shell.add(line.trim());
                }
            }
        }
        return shell;
    }

    /**
     * A line of the sample stands for the same line of the output; {@code ...} for any number of lines. Trailing
     * spaces do not count (Markdown editors trim them).
     */
    private static void assertShown(Sample sample, List<String> actual) {
        List<String> shown = sample.shown().stream().map(String::stripTrailing).toList();
        List<String> real = actual.stream().map(String::stripTrailing).toList();
        if (!matches(shown, 0, real, 0)) {
            assertEquals(String.join("\n", shown), String.join("\n", real), sample.name()
                    + ": the sample is not the real output (a line holding only ... stands for any lines)");
        }
    }

    private static boolean matches(List<String> shown, int s, List<String> real, int r) {
        if (s == shown.size()) {
            return r == real.size();
        }
        if (shown.get(s).trim().equals(ELISION)) {
            for (int skip = r; skip <= real.size(); skip++) {
                if (matches(shown, s + 1, real, skip)) {
                    return true;
                }
            }
            return false;
        }
        return r < real.size() && shown.get(s).equals(real.get(r)) && matches(shown, s + 1, real, r + 1);
    }

    private static Run command(Sample sample) throws IOException {
        byte[] stdin = sample.stdin() == null ? new byte[0] : Files.readAllBytes(Path.of(sample.stdin()));
        return command(words(sample.request()), stdin);
    }

    /** Standard output, then standard error, as a terminal shows them when the command is done. */
    private static Run command(List<String> args, byte[] stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, Map.of(), new ByteArrayInputStream(stdin == null ? new byte[0] : stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The API the samples and commands are sent to: the built-in sets and, for the commands that name a set of
     * the reader's own ({@code team-a}), the example sets' folder.
     */
    private static PolicyApi api() {
        return new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(),
                new DirectoryPolicyStore(Path.of("examples", "policies"))), ApiSettings.DEFAULT);
    }

    private static Run http(Sample sample) throws IOException {
        String[] request = sample.request().split(" ", 2);
        byte[] body = sample.stdin() == null ? new byte[0] : Files.readAllBytes(Path.of(sample.stdin()));
        Map<String, String> headers = new LinkedHashMap<>();
        if (sample.contentType() != null) {
            headers.put("content-type", sample.contentType());
        }
        return send(request[0], request[1], headers, body);
    }

    private static Run send(String method, String target, Map<String, String> headers, byte[] body) {
        int query = target.indexOf('?');
        ApiResponse response = api().handle(new ApiRequest(method, query < 0 ? target : target.substring(0, query),
                query < 0 ? null : target.substring(query + 1), headers, body, "req-1"));
        return new Run(response.status(), response.body());
    }

    /** A curl line as the docs write them: {@code -H 'Name: value'}, {@code --data-binary @FILE}, the URL last. */
    private static Run curl(String line) throws IOException {
        List<String> words = words(line);
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = null;
        String url = null;
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            switch (word) {
                case "-H" -> {
                    String[] header = words.get(++i).split(":\\s*", 2);
                    headers.put(header[0].toLowerCase(java.util.Locale.ROOT), header[1]);
                }
                // the deployed API's SigV4 signing (docs/deployment.md); nothing the API itself sees
                case "${SIGV4[@]}" -> { }
                case "--data-binary", "--data", "-d" -> {
                    String data = words.get(++i);
                    body = data.startsWith("@") ? Files.readAllBytes(Path.of(data.substring(1)))
                            : data.getBytes(StandardCharsets.UTF_8);
                    if (!word.equals("--data-binary")) {
                        // curl's --data drops line breaks from a file
                        body = new String(body, StandardCharsets.UTF_8).replace("\r", "").replace("\n", "")
                                .getBytes(StandardCharsets.UTF_8);
                    }
                }
                default -> {
                    assertFalse(word.startsWith("-"), "a curl option the test does not know: " + word);
                    url = word;
                }
            }
        }
        assertTrue(url != null && (url.startsWith("$API/") || url.startsWith("localhost:3000/")), line);
        String target = url.substring(url.indexOf('/'));
        if (body != null && !headers.containsKey("content-type")) {
            headers.put("content-type", "application/x-www-form-urlencoded");
        }
        return send(body == null ? "GET" : "POST", target, headers, body);
    }

    /** Words as a shell splits them: on spaces, with single or double quotes grouping. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (c == ' ') {
                if (any || word.length() > 0) {
                    words.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
            }
        }
        if (any || word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }
}

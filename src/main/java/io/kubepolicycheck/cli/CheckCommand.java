package io.kubepolicycheck.cli;

import io.kubepolicycheck.aws.PolicyStores;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.policystore.PolicySetNotFoundException;
import io.kubepolicycheck.policystore.PolicyStore;
import io.kubepolicycheck.policystore.PolicyStoreException;
import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.Operation;
import io.kubepolicycheck.validator.policy.UserInfo;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import io.kubepolicycheck.validator.render.Format;
import io.kubepolicycheck.validator.render.OneLine;
import io.kubepolicycheck.validator.render.VerdictRenderer;
import io.kubepolicycheck.validator.verdict.InputError;
import io.kubepolicycheck.validator.verdict.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code check --policy-set ID [--format F] [--namespace NS] [--operation OP] [--user NAME] [--group NAME]...
 * [--policy-dir DIR] FILE... | -}. Exit 0 all allowed, 1 any denied, 2 bad input or usage, 3 policy store failure.
 */
final class CheckCommand {
    static final int ALLOWED = 0;
    static final int DENIED = 1;
    static final int BAD_INPUT = 2;
    static final int STORE_FAILURE = 3;
    private static final String STDIN = "<stdin>";
    private static final Pattern MANIFEST_FILE = Pattern.compile(".*\\.(yaml|yml|json)$");

    private final Map<String, String> env;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    CheckCommand(Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err) {
        this.env = env;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    static final List<Options.Spec> OPTIONS = List.of(Options.Spec.value("--policy-set"), Options.Spec.value("--format"),
            Options.Spec.value("--namespace"), Options.Spec.value("--operation"), Options.Spec.value("--user"),
            Options.Spec.repeatable("--group"), Options.Spec.value("--policy-dir"));

    int run(List<String> args) {
        String policySet;
        Format format;
        String namespace;
        Operation operation;
        String user;
        List<String> groups;
        String policyDir;
        List<String> files;
        try {
            Options options = Options.parse(args, OPTIONS);
            if (options.help()) {
                out.println(Usage.of("check"));
                return ALLOWED;
            }
            policySet = options.value("--policy-set");
            format = Format.parse(options.value("--format", Format.JSON.label()));
            namespace = AdmissionAttributes.requestNamespace(options.value("--namespace"));
            operation = Operation.parse(options.value("--operation", Operation.CREATE.name()));
            user = options.value("--user");
            groups = options.values("--group");
            policyDir = options.value("--policy-dir", env.get("POLICY_DIR"));
            files = options.operands();
            if (policySet == null) {
                throw new Options.UsageException("--policy-set is required");
            }
            if (files.isEmpty()) {
                throw new Options.UsageException("name at least one FILE or directory, or - for standard input");
            }
        } catch (Options.UsageException | IllegalArgumentException e) {
            return Main.usageError("check", e.getMessage(), err);
        }

        Inputs inputs;
        Limits limits;
        PolicyStore store;
        try {
            limits = Limits.DEFAULT.withMaxBytes(Main.maxManifestBytes(env));
            if (policyDir != null && !Files.isDirectory(Path.of(policyDir))) {
                throw new IllegalArgumentException("policy directory " + policyDir + " is not a directory");
            }
            store = PolicyStores.fromEnvironment(withPolicyDir(env, policyDir));
            inputs = readInputs(files, limits.maxBytes());
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return BAD_INPUT;
        }

        LoadedPolicySet loaded;
        try {
            loaded = store.load(policySet);
        } catch (IllegalArgumentException | PolicySetNotFoundException e) {
            error(e.getMessage());
            return BAD_INPUT;
        } catch (InvalidPolicySetException e) {
            error(e.located());
            return STORE_FAILURE;
        } catch (PolicyStoreException e) {
            // the operator runs the command line: the detail (bucket, key, the SDK's words) is theirs to see
            error("policy store unavailable: " + e.getMessage() + " (" + e.detail() + ")");
            return STORE_FAILURE;
        }

        Validator validator = new Validator(limits);
        AdmissionAttributes attributes = new AdmissionAttributes(namespace, operation, new UserInfo(user, groups));
        Verdict verdict = validator.checkEach(loaded.set(), loaded.ref(), inputs.readable(), attributes);
        if (!inputs.unreadable().isEmpty()) {
            List<InputError> errors = new ArrayList<>(inputs.unreadable());
            errors.addAll(verdict.errors());
            // in the order the inputs were named, as the resources are
            errors.sort(Comparator.comparingInt(e -> inputs.sources().indexOf(e.source() == null ? STDIN : e.source())));
            verdict = Verdict.of(verdict.policySet(), verdict.resources(), errors);
        }
        if (verdict.resources().isEmpty() && verdict.errors().isEmpty()) {
            // As the HTTP API refuses an empty body: an empty input is most often a failed step before this one.
            error("no Kubernetes objects found in " + String.join(", ", inputs.sources()));
            return BAD_INPUT;
        }
        out.print(VerdictRenderer.of(format).render(verdict));
        out.flush();
        for (InputError e : verdict.errors()) {
            error((e.source() == null ? "<stdin>" : e.source()) + ": " + e.located());
        }
        return !verdict.errors().isEmpty() ? BAD_INPUT : verdict.allowed() ? ALLOWED : DENIED;
    }

    /** What was read, what could not be (each with why), and the name of every input in the order given. */
    private record Inputs(List<ManifestInput> readable, List<InputError> unreadable, List<String> sources) {
    }

    /** {@code --policy-dir} stands for {@code POLICY_DIR}; the rest of the store's settings come from the environment. */
    static Map<String, String> withPolicyDir(Map<String, String> env, String policyDir) {
        if (policyDir == null || policyDir.equals(env.get("POLICY_DIR"))) {
            return env;
        }
        Map<String, String> copy = new HashMap<>(env);
        copy.put("POLICY_DIR", policyDir);
        return copy;
    }

    /**
     * Every input, each read only up to the size limit, so an endless stream cannot exhaust memory. A file that
     * cannot be read is reported as such and the others are still read.
     */
    private Inputs readInputs(List<String> names, int maxBytes) {
        List<ManifestInput> inputs = new ArrayList<>();
        List<InputError> unreadable = new ArrayList<>();
        List<String> read = new ArrayList<>();
        for (String name : names) {
            if ("-".equals(name)) {
                String source = names.size() > 1 ? STDIN : null;
                read.add(STDIN);
                try {
                    byte[] content = stdin.readNBytes(maxBytes + 1);
                    if (content.length > maxBytes) {
                        unreadable.add(InputError.of(STDIN, InputError.PAYLOAD_TOO_LARGE,
                                "manifest is over the limit of " + maxBytes + " bytes (MAX_MANIFEST_BYTES)"));
                    } else {
                        inputs.add(new ManifestInput(source, content));
                    }
                } catch (IOException e) {
                    unreadable.add(InputError.of(STDIN, InputError.UNREADABLE_INPUT, "cannot read: " + e.getMessage()));
                }
                continue;
            }
            Path path = Path.of(name);
            List<Path> found;
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    found = walk.filter(Files::isRegularFile)
                            .filter(p -> MANIFEST_FILE.matcher(p.toString()).matches())
                            .sorted().toList();
                } catch (IOException | UncheckedIOException e) {
                    unreadable.add(InputError.of(name, InputError.UNREADABLE_INPUT, "cannot list the folder: "
                            + e.getMessage()));
                    read.add(name);
                    continue;
                }
                if (found.isEmpty()) {
                    read.add(name);
                    unreadable.add(InputError.of(name, InputError.UNREADABLE_INPUT,
                            "no .yaml, .yml or .json files in this folder"));
                }
            } else if (Files.exists(path)) {
                found = List.of(path);
            } else {
                unreadable.add(InputError.of(name, InputError.UNREADABLE_INPUT, "no such file or directory"));
                read.add(name);
                continue;
            }
            for (Path p : found) {
                String source = p == path ? name : p.toString();
                read.add(source);
                try {
                    long size = Files.size(p);
                    if (size > maxBytes) {
                        unreadable.add(InputError.of(source, InputError.PAYLOAD_TOO_LARGE, "manifest is " + size
                                + " bytes, over the limit of " + maxBytes + " (MAX_MANIFEST_BYTES)"));
                        continue;
                    }
                    inputs.add(new ManifestInput(source, Files.readAllBytes(p)));
                } catch (IOException e) {
                    unreadable.add(InputError.of(source, InputError.UNREADABLE_INPUT, "cannot read: " + reason(e)));
                }
            }
        }
        return new Inputs(inputs, unreadable, read);
    }

    /** Why a read failed, without the file name the exception repeats. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** One line on standard error: a message may quote the manifest, whose keys and names may hold line breaks. */
    private void error(String message) {
        err.println("error: " + OneLine.of(message));
    }
}

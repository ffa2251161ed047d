package io.kubepolicycheck.cli;

import io.kubepolicycheck.aws.PolicyStores;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.policystore.PolicySetNotFoundException;
import io.kubepolicycheck.policystore.PolicyStore;
import io.kubepolicycheck.policystore.PolicyStoreException;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.Operation;
import io.kubepolicycheck.validator.policy.UserInfo;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import io.kubepolicycheck.validator.render.Format;
import io.kubepolicycheck.validator.render.OneLine;
import io.kubepolicycheck.validator.render.VerdictStream;
import io.kubepolicycheck.validator.spool.TemporaryFiles;
import io.kubepolicycheck.validator.verdict.InputError;
import io.kubepolicycheck.validator.verdict.Verdict;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code check --policy-set ID [--format F] [--namespace NS] [--operation OP] [--user NAME] [--group NAME]...
 * [--policy-dir DIR] [--max-bytes N] FILE... | -}. Exit 0 all allowed, 1 any denied, 2 bad input or usage, 3 policy
 * store failure. Inputs are streamed through a {@link CheckPipeline}, so their size is not bounded by memory.
 */
final class CheckCommand {
    static final int ALLOWED = 0;
    static final int DENIED = 1;
    static final int BAD_INPUT = 2;
    static final int STORE_FAILURE = 3;
    private static final String STDIN = "<stdin>";
    private static final Pattern MANIFEST_FILE = Pattern.compile(".*\\.(yaml|yml|json)$");

    private final Map<String, String> env;
    private InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;
    private final JvmRelaunch relaunch;

    CheckCommand(Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err, JvmRelaunch relaunch) {
        this.env = env;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
        this.relaunch = relaunch;
    }

    static final List<Options.Spec> OPTIONS = List.of(Options.Spec.value("--policy-set"), Options.Spec.value("--format"),
            Options.Spec.value("--namespace"), Options.Spec.value("--operation"), Options.Spec.value("--user"),
            Options.Spec.repeatable("--group"), Options.Spec.value("--policy-dir"), Options.Spec.value("--max-bytes"));

    int run(List<String> args) {
        String policySet;
        Format format;
        String namespace;
        Operation operation;
        String user;
        List<String> groups;
        String policyDir;
        long maxBytes;
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
            String max = options.value("--max-bytes");
            maxBytes = max == null ? Long.MAX_VALUE : maxBytes(max);
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
        PolicyStore store;
        try {
            if (policyDir != null && !Files.isDirectory(Path.of(policyDir))) {
                throw new IllegalArgumentException("policy directory " + policyDir + " is not a directory");
            }
            inputs = inputs(files, maxBytes);
            OptionalInt relaunched = relaunched(inputs);
            if (relaunched.isPresent()) {
                return relaunched.getAsInt();
            }
            store = PolicyStores.fromEnvironment(withPolicyDir(env, policyDir));
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

        // Local input has no size cap unless asked for: each document is bounded on its own.
        Limits limits = Limits.DEFAULT.withMaxBytes(Integer.MAX_VALUE);
        AdmissionAttributes attributes = new AdmissionAttributes(namespace, operation, new UserInfo(user, groups));
        CheckPipeline pipeline = new CheckPipeline(new Validator(limits), limits, loaded.set(), attributes,
                CheckPipeline.defaultWorkers(), maxBytes);
        Verdict verdict;
        try (VerdictStream stream = VerdictStream.of(format, loaded.ref(), out)) {
            pipeline.run(inputs.toRead(), stream);
            if (stream.isEmpty()) {
                // As the HTTP API refuses an empty body: an empty input is most often a failed step before this one.
                error("no Kubernetes objects found in " + String.join(", ", inputs.sources()));
                return BAD_INPUT;
            }
            verdict = stream.finish();
        } catch (TemporaryFiles.TemporaryFileException e) {
            error(e.getMessage());
            return BAD_INPUT;
        } catch (IOException e) {
            error("cannot write the verdict: " + CheckPipeline.reason(e));
            return BAD_INPUT;
        } catch (OutOfMemoryError e) {
            return outOfMemory();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof OutOfMemoryError) {
                return outOfMemory(); // met on a worker
            }
            throw e;
        }
        for (InputError e : verdict.errors()) {
            error((e.source() == null ? STDIN : e.source()) + ": " + e.located());
        }
        return !verdict.errors().isEmpty() ? BAD_INPUT : verdict.allowed() ? ALLOWED : DENIED;
    }

    /**
     * The heap ran out: most often a document that has to be held whole, such as a big YAML List with an alias across
     * its entries (read again whole to resolve it). Said as an input that could not be checked, with what to do, not
     * as a stack trace and exit status 1 (which would read as "denied"). What was held is unreachable by now.
     */
    private int outOfMemory() {
        long mb = Runtime.getRuntime().maxMemory() >> 20;
        error("out of memory: this Java may use at most " + mb + " MB, and an input needs more (a document read"
                + " whole, such as a YAML List with an alias across its entries, is held whole); give it more with"
                + " java -Xmx" + Math.max(1024, mb * 2 / 1024 * 1024) + "m -jar ...");
        return BAD_INPUT;
    }

    /**
     * Every input to read or already known unreadable, in the order given, and the name of each; the bytes of the
     * files among them, and whether standard input is one.
     */
    private record Inputs(List<CheckPipeline.Input> toRead, List<String> sources, long fileBytes,
            boolean standardInput) {
    }

    /**
     * The exit status of a second JVM that checked the inputs, for inputs of {@link JvmRelaunch#MIN_BYTES} or more
     * when this JVM may start one. A pipe's size is known only once read: up to what is missing is read first, and
     * handed on, or checked here if that was all.
     */
    private OptionalInt relaunched(Inputs inputs) {
        long missing = JvmRelaunch.MIN_BYTES - inputs.fileBytes();
        if (missing > 0 && !inputs.standardInput() || !relaunch.possible()) {
            return OptionalInt.empty();
        }
        if (missing <= 0) {
            return relaunch.run(null, stdin, err);
        }
        OptionalLong redirected = JvmRelaunch.standardInputSize();
        if (redirected.isPresent()) {
            return redirected.getAsLong() >= missing ? relaunch.run(null, stdin, err) : OptionalInt.empty();
        }
        byte[] read;
        try {
            read = stdin.readNBytes((int) missing);
        } catch (IOException e) {
            return OptionalInt.empty(); // said when the input is read here
        }
        OptionalInt status = read.length < missing ? OptionalInt.empty() : relaunch.run(read, stdin, err);
        if (status.isEmpty()) {
            stdin = read.length < missing ? new ByteArrayInputStream(read)
                    : new SequenceInputStream(new ByteArrayInputStream(read), stdin);
        }
        return status;
    }

    private static long maxBytes(String value) throws Options.UsageException {
        try {
            long bytes = Long.parseLong(value.trim());
            if (bytes > 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new Options.UsageException("--max-bytes must be a positive number of bytes, not \"" + value + "\"");
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
     * Every input, found but not yet read. A file that does not exist, a folder without manifests or a file over
     * {@code maxBytes} is reported in its place and the others are still read.
     */
    private Inputs inputs(List<String> names, long maxBytes) {
        List<CheckPipeline.Input> inputs = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        long fileBytes = 0;
        boolean standardInput = false;
        for (String name : names) {
            if ("-".equals(name)) {
                standardInput = true;
                sources.add(STDIN);
                inputs.add(new CheckPipeline.Input(names.size() > 1 ? STDIN : null, () -> new FilterInputStream(stdin) {
                    @Override
                    public void close() {
                        // standard input is not this command's to close
                    }
                }));
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
                    sources.add(name);
                    inputs.add(CheckPipeline.Input.unreadable(InputError.of(name, InputError.UNREADABLE_INPUT,
                            "cannot list the folder: " + e.getMessage())));
                    continue;
                }
                if (found.isEmpty()) {
                    sources.add(name);
                    inputs.add(CheckPipeline.Input.unreadable(InputError.of(name, InputError.UNREADABLE_INPUT,
                            "no .yaml, .yml or .json files in this folder")));
                }
            } else if (Files.exists(path)) {
                found = List.of(path);
            } else {
                sources.add(name);
                inputs.add(CheckPipeline.Input.unreadable(InputError.of(name, InputError.UNREADABLE_INPUT,
                        "no such file or directory")));
                continue;
            }
            for (Path p : found) {
                String source = p == path ? name : p.toString();
                sources.add(source);
                long size;
                try {
                    size = Files.size(p);
                } catch (IOException e) {
                    inputs.add(CheckPipeline.Input.unreadable(InputError.of(source, InputError.UNREADABLE_INPUT,
                            "cannot read: " + CheckPipeline.reason(e))));
                    continue;
                }
                fileBytes += size;
                inputs.add(size > maxBytes ? CheckPipeline.Input.unreadable(InputError.of(source,
                        InputError.PAYLOAD_TOO_LARGE, "manifest is " + size + " bytes, over the limit of " + maxBytes
                        + " (--max-bytes)")) : CheckPipeline.Input.file(source, p));
            }
        }
        return new Inputs(inputs, sources, fileBytes, standardInput);
    }

    /** One line on standard error: a message may quote the manifest, whose keys and names may hold line breaks. */
    private void error(String message) {
        err.println("error: " + OneLine.of(message));
    }
}

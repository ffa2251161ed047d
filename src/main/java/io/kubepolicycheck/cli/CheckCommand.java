package io.kubepolicycheck.cli;

import io.kubepolicycheck.aws.PolicyStores;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.policystore.PolicySetNotFoundException;
import io.kubepolicycheck.policystore.PolicyStore;
import io.kubepolicycheck.policystore.PolicyStoreException;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.manifest.ManifestException;
import io.kubepolicycheck.validator.manifest.Utf8Reader;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.Operation;
import io.kubepolicycheck.validator.policy.UserInfo;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import io.kubepolicycheck.validator.render.Format;
import io.kubepolicycheck.validator.render.OneLine;
import io.kubepolicycheck.validator.render.VerdictStream;
import io.kubepolicycheck.validator.verdict.Verdict;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    int run(List<String> args) {
        String policySet = null;
        Format format = Format.JSON;
        String namespace = null;
        Operation operation = Operation.CREATE;
        String user = null;
        List<String> groups = new ArrayList<>();
        String policyDir = env.get("POLICY_DIR");
        List<String> files = new ArrayList<>();
        long maxBytes = Long.MAX_VALUE;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--policy-set" -> policySet = value(args, ++i, a);
                    case "--format" -> format = Format.parse(value(args, ++i, a));
                    case "--namespace" -> namespace = AdmissionAttributes.requestNamespace(value(args, ++i, a));
                    case "--operation" -> operation = Operation.parse(value(args, ++i, a));
                    case "--user" -> user = value(args, ++i, a);
                    case "--group" -> groups.add(value(args, ++i, a));
                    case "--policy-dir" -> policyDir = value(args, ++i, a);
                    case "--max-bytes" -> maxBytes = maxBytes(value(args, ++i, a));
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        files.add(a);
                    }
                }
            }
            if (policySet == null) {
                throw new IllegalArgumentException("--policy-set is required");
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("name at least one FILE or directory, or - for standard input");
            }
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            err.println(Main.USAGE);
            return BAD_INPUT;
        }

        List<CheckPipeline.Input> inputs;
        PolicyStore store;
        try {
            if (policyDir != null && !Files.isDirectory(Path.of(policyDir))) {
                throw new IllegalArgumentException("policy directory " + policyDir + " is not a directory");
            }
            store = PolicyStores.fromEnvironment(withPolicyDir(env, policyDir));
            inputs = inputs(files, maxBytes);
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return BAD_INPUT;
        } catch (IOException e) {
            error("cannot read " + e.getMessage());
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
            error("policy store unavailable: " + e.getMessage());
            return STORE_FAILURE;
        }

        // Local input has no size cap unless asked for: each document is bounded on its own.
        Limits limits = Limits.DEFAULT.withMaxBytes(Integer.MAX_VALUE);
        AdmissionAttributes attributes = new AdmissionAttributes(namespace, operation, new UserInfo(user, groups));
        CheckPipeline pipeline = new CheckPipeline(new Validator(limits), limits, loaded.set(), attributes,
                CheckPipeline.defaultWorkers());
        Verdict verdict;
        try (VerdictStream stream = VerdictStream.of(format, loaded.ref(), out)) {
            verdict = pipeline.run(inputs, stream);
        } catch (ManifestException e) {
            // Only standard input, read alone, has no name of its own.
            error((e.source() == null ? "<stdin>: " : "") + e.located());
            return BAD_INPUT;
        } catch (IOException e) {
            error("cannot read " + e.getMessage());
            return BAD_INPUT;
        }
        return verdict.allowed() ? ALLOWED : DENIED;
    }

    private static long maxBytes(String value) {
        try {
            long bytes = Long.parseLong(value.trim());
            if (bytes > 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--max-bytes must be a positive number of bytes, not \"" + value + "\"");
    }

    /** {@code --policy-dir} stands for {@code POLICY_DIR}; the rest of the store's settings come from the environment. */
    private static Map<String, String> withPolicyDir(Map<String, String> env, String policyDir) {
        if (policyDir == null || policyDir.equals(env.get("POLICY_DIR"))) {
            return env;
        }
        Map<String, String> copy = new HashMap<>(env);
        copy.put("POLICY_DIR", policyDir);
        return copy;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    /**
     * Every input, found but not yet read: a missing file or a folder without manifests is an error before anything
     * is checked. Each is read only up to {@code maxBytes}, if given.
     */
    private List<CheckPipeline.Input> inputs(List<String> names, long maxBytes) throws IOException {
        List<CheckPipeline.Input> inputs = new ArrayList<>();
        for (String name : names) {
            if ("-".equals(name)) {
                String source = names.size() > 1 ? "<stdin>" : null;
                inputs.add(new CheckPipeline.Input(source, () -> limited(stdin, maxBytes, false)));
                continue;
            }
            Path path = Path.of(name);
            if (Files.isDirectory(path)) {
                List<Path> found;
                try (Stream<Path> walk = Files.walk(path)) {
                    found = walk.filter(Files::isRegularFile)
                            .filter(p -> MANIFEST_FILE.matcher(p.toString()).matches())
                            .sorted().toList();
                }
                for (Path p : found) {
                    inputs.add(file(p.toString(), p, maxBytes));
                }
            } else if (Files.isRegularFile(path)) {
                inputs.add(file(name, path, maxBytes));
            } else {
                throw new IllegalArgumentException("no such file or directory: " + name);
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no .yaml, .yml or .json files found in " + String.join(", ", names));
        }
        return inputs;
    }

    private static CheckPipeline.Input file(String source, Path path, long maxBytes) throws IOException {
        long size = Files.size(path);
        if (size > maxBytes) {
            throw new IllegalArgumentException(source + ": manifest is " + size + " bytes, over the limit of "
                    + maxBytes + " (--max-bytes)");
        }
        return new CheckPipeline.Input(source, () -> limited(Files.newInputStream(path), maxBytes, true));
    }

    /**
     * The stream, refused once it passes {@code maxBytes}, so an endless stream cannot run on forever; closing it
     * closes a file but leaves standard input open.
     */
    private static InputStream limited(InputStream in, long maxBytes, boolean closes) {
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                read += Math.max(n, 0);
                if (maxBytes != Long.MAX_VALUE && read > maxBytes) {
                    throw new Utf8Reader.Refused(new ManifestException("manifest is over the limit of " + maxBytes
                            + " bytes (--max-bytes)", -1, -1, -1));
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                if (closes) {
                    super.close();
                }
            }
        };
    }

    /** One line on standard error: a message may quote the manifest, whose keys and names may hold line breaks. */
    private void error(String message) {
        err.println("error: " + OneLine.of(message));
    }
}

package io.kubepolicycheck.policystore;

import io.kubepolicycheck.requestlog.RequestRecord;
import io.kubepolicycheck.requestlog.StoreOutcome;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import io.kubepolicycheck.validator.policyset.PolicySetLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Policy sets from a local folder ({@code POLICY_DIR} / {@code --policy-dir}): {@code <dir>/<id>.yaml},
 * {@code .yml} or {@code .json}, read on every load (a folder is for development: edits show at once).
 * The version is a hash of the content.
 */
public final class DirectoryPolicyStore implements PolicyStore {
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");
    private final Path dir;
    private final PolicySetLoader loader = new PolicySetLoader();

    public DirectoryPolicyStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public LoadedPolicySet load(String id) throws PolicySetNotFoundException, InvalidPolicySetException, PolicyStoreException {
        if (!PolicySetIds.isValid(id)) {
            throw new PolicySetNotFoundException(id);
        }
        for (String ext : EXTENSIONS) {
            Path file = dir.resolve(id + ext);
            try {
                byte[] content = Files.readAllBytes(file);
                RequestRecord.current().store(StoreOutcome.FETCHED);
                return new LoadedPolicySet(loader.load(id, "sha256-" + sha256(content), file.toString(), content), false);
            } catch (NoSuchFileException e) {
                // try the next extension
            } catch (IOException e) {
                String detail = "cannot read " + file + ": " + e.getMessage();
                RequestRecord.current().store(StoreOutcome.ERROR);
                RequestRecord.current().storeFailure(detail);
                throw new PolicyStoreException("the policy store cannot read policy set \"" + id + "\"", detail,
                        PolicyStoreException.DEFAULT_RETRY_AFTER_SECONDS, e);
            }
        }
        RequestRecord.current().store(StoreOutcome.NOT_FOUND);
        throw new PolicySetNotFoundException(id);
    }

    /**
     * Each file {@code <id>.yaml}, {@code .yml} or {@code .json} whose name is a valid id; where an id has several,
     * the one a load reads.
     */
    @Override
    public List<PolicySetListing> list() throws PolicyStoreException {
        try {
            List<PolicySetListing> sets = files();
            RequestRecord.current().store(StoreOutcome.FETCHED);
            return sets;
        } catch (IOException | UncheckedIOException e) {
            String detail = "cannot list " + dir + ": " + e.getMessage();
            RequestRecord.current().store(StoreOutcome.ERROR);
            RequestRecord.current().storeFailure(detail);
            // the folder's path is the server's to know: the caller is told what failed, the log where
            throw new PolicyStoreException("the policy store cannot list the stored policy sets now", detail,
                    PolicyStoreException.DEFAULT_RETRY_AFTER_SECONDS, e);
        }
    }

    private List<PolicySetListing> files() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(DirectoryPolicyStore::extensionRank)).toList();
        }
        TreeMap<String, PolicySetListing> sets = new TreeMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            int rank = extensionRank(file);
            if (rank == EXTENSIONS.size()) {
                continue;
            }
            String id = name.substring(0, name.length() - EXTENSIONS.get(rank).length());
            if (PolicySetIds.isValid(id)) {
                // the file's name, not its path: an HTTP caller has no business with the server's folders
                sets.putIfAbsent(id, new PolicySetListing(id, PolicySetListing.FOLDER,
                        "stored as " + name + " in the policy folder"));
            }
        }
        return List.copyOf(sets.values());
    }

    /** A folder is listed without any network call. */
    @Override
    public List<PolicySetListing> listLocally() {
        try {
            return files();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** The place of the file's extension in {@link #EXTENSIONS} (the order a load tries them), or past its end. */
    private static int extensionRank(Path file) {
        String name = file.getFileName().toString();
        for (int i = 0; i < EXTENSIONS.size(); i++) {
            if (name.endsWith(EXTENSIONS.get(i))) {
                return i;
            }
        }
        return EXTENSIONS.size();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

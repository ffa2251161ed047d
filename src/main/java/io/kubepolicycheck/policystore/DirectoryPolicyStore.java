package io.kubepolicycheck.policystore;

import io.kubepolicycheck.requestlog.RequestRecord;
import io.kubepolicycheck.requestlog.StoreOutcome;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import io.kubepolicycheck.validator.policyset.PolicySetLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

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
                RequestRecord.current().store(StoreOutcome.ERROR);
                RequestRecord.current().storeFailure("cannot read " + file + ": " + e.getMessage());
                throw new PolicyStoreException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        RequestRecord.current().store(StoreOutcome.NOT_FOUND);
        throw new PolicySetNotFoundException(id);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

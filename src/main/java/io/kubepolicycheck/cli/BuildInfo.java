package io.kubepolicycheck.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** What {@code --version} prints: the project version and the commit, written into the jar by the build. */
final class BuildInfo {
    private static final String RESOURCE = "build-info.properties";

    private BuildInfo() {
    }

    /** {@code kube-policy-check 0.1.0 (commit 77982b3...)}. */
    static String line() {
        Properties info = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                info.load(in);
            }
        } catch (IOException e) {
            // said as unknown below: --version must not fail
        }
        return "kube-policy-check " + known(info.getProperty("version")) + " (commit "
                + known(info.getProperty("commit")) + ")";
    }

    /** A property the build did not fill in (no such resource, or a build that did not filter it) is unknown. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }
}

package io.kubepolicycheck.validator.podsecurity.checks;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.podsecurity.Wording;
import java.util.List;

/** What the two seccomp checks share: the valid profile types and the wording of a forbidden one. */
final class Seccomp {
    private Seccomp() {
    }

    static boolean validType(String type) {
        return type.equals("Localhost") || type.equals("RuntimeDefault");
    }

    static String mustNotSet(String setters, List<String> types) {
        return setters + " must not set securityContext.seccompProfile.type to " + Wording.joinQuote(types);
    }

    /** The offending type, or the profile itself when it sets no type. */
    static Node typeOf(Node profile) {
        Node type = profile.get("type");
        return type.isMissing() ? profile : type;
    }
}

package io.kubepolicycheck.cli;

import java.util.Map;

/** The help of each command, by command name: what {@code COMMAND --help} prints and a usage error ends with. */
final class Usage {
    static final String EXIT_STATUS = "exit status: 0 all allowed, 1 any denied, 2 bad input or usage, "
            + "3 policy store failure";

    static final String OVERVIEW = """
            usage: java -jar kube-policy-check.jar COMMAND [OPTION]... (COMMAND --help for its options)
              check   check manifests against a policy set
              sets    list the policy sets there are
              serve   run the HTTP API on 127.0.0.1
              --version   print the version and the commit it was built from
            """ + EXIT_STATUS;

    private static final Map<String, String> COMMANDS = Map.of(
            "check", """
                    usage: java -jar kube-policy-check.jar check --policy-set ID [OPTION]... FILE|DIR... | -
                    Checks Kubernetes manifests (YAML or JSON; a folder gives its .yaml, .yml and .json files;
                    - is standard input) against a policy set, as the API server would admit them.
                      --policy-set ID      the set to check against (required; kube-policy-check sets lists them)
                      --format FORMAT      json (default), text, markdown, sarif or junit
                      --namespace NS       the namespace of objects that name none (default: default)
                      --operation OP       CREATE (default) or UPDATE
                      --user NAME          the requesting user, for exemptions and RBAC use grants
                      --group NAME         a group of the requesting user (repeatable)
                      --policy-dir DIR     read stored sets from this folder (as POLICY_DIR)
                      --max-bytes N        refuse an input over N bytes (default: no limit)
                      -h, --help           print this help
                    """ + EXIT_STATUS,
            "sets", """
                    usage: java -jar kube-policy-check.jar sets [--format text|json] [--policy-dir DIR]
                    Lists the policy sets there are: the built-in ones, then those in the folder (--policy-dir or
                    POLICY_DIR) or under the bucket's prefix (POLICY_BUCKET, POLICY_PREFIX).
                      --format FORMAT      text (default) or json, as GET /v1/policy-sets answers
                      --policy-dir DIR     list the sets in this folder (as POLICY_DIR)
                      -h, --help           print this help
                    exit status: 0 listed, 2 usage, 3 policy store failure""",
            "serve", """
                    usage: java -jar kube-policy-check.jar serve [--port PORT]
                    Serves the HTTP API on 127.0.0.1, with the answers the Lambda function gives, until stopped.
                    Configured by the Lambda's environment (POLICY_BUCKET, POLICY_DIR, MAX_MANIFEST_BYTES, ...).
                      --port PORT          the port to listen on (default 3000; 0 for any free port)
                      -h, --help           print this help
                    exit status: 2 usage, bad configuration, or a port that cannot be listened on""");

    private Usage() {
    }

    /** The help of {@code command}; null for a command there is not. */
    static String of(String command) {
        return COMMANDS.get(command);
    }
}

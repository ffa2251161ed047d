package io.kubepolicycheck.validator.podsecurity.checks;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.podsecurity.CheckResult;
import io.kubepolicycheck.validator.podsecurity.FieldViolation;
import io.kubepolicycheck.validator.podsecurity.Level;
import io.kubepolicycheck.validator.podsecurity.PodSecurityCheck;
import io.kubepolicycheck.validator.podsecurity.Version;
import io.kubepolicycheck.validator.podsecurity.VersionedCheck;
import io.kubepolicycheck.validator.podsecurity.Wording;
import io.kubepolicycheck.validator.workload.Container;
import io.kubepolicycheck.validator.workload.PodTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * Pod and containers must not set {@code securityContext.windowsOptions.hostProcess} to true.
 * Restricted fields: {@code spec.securityContext.windowsOptions.hostProcess},
 * {@code spec.{initContainers,containers,ephemeralContainers}[*].securityContext.windowsOptions.hostProcess}.
 * Allowed values: undefined, false.
 */
public final class WindowsHostProcess implements PodSecurityCheck {
    @Override
    public String id() {
        return "windowsHostProcess";
    }

    @Override
    public Level level() {
        return Level.BASELINE;
    }

    @Override
    public List<VersionedCheck> versions() {
        return List.of(new VersionedCheck(Version.of(1, 0), WindowsHostProcess::windowsHostProcess1_0));
    }

    static CheckResult windowsHostProcess1_0(PodTemplate pod) {
        List<FieldViolation> fields = new ArrayList<>();
        List<String> badContainers = new ArrayList<>();
        List<FieldViolation> containerFields = new ArrayList<>();
        for (Container c : pod.containers()) {
            Node hostProcess = c.securityContext().get("windowsOptions").get("hostProcess");
            if (hostProcess.isTrue()) {
                badContainers.add(c.name());
                containerFields.add(new FieldViolation(hostProcess, mustNotSet(Wording.container(c.name()))));
            }
        }
        List<String> forbiddenSetters = new ArrayList<>();
        Node podHostProcess = pod.podSecurityContext().get("windowsOptions").get("hostProcess");
        if (podHostProcess.isTrue()) {
            forbiddenSetters.add("pod");
            fields.add(new FieldViolation(podHostProcess, mustNotSet("pod")));
        }
        if (!badContainers.isEmpty()) {
            forbiddenSetters.add(Wording.containers(badContainers));
            fields.addAll(containerFields);
        }
        if (forbiddenSetters.isEmpty()) {
            return CheckResult.allow();
        }
        return CheckResult.forbidden("hostProcess", mustNotSet(String.join(" and ", forbiddenSetters)), fields);
    }

    private static String mustNotSet(String setters) {
        return setters + " must not set securityContext.windowsOptions.hostProcess=true";
    }
}

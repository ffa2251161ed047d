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
 * HostPort ports must be forbidden.
 * Restricted fields: {@code spec.{initContainers,containers,ephemeralContainers}[*].ports[*].hostPort}.
 * Allowed values: undefined/0. In a Pod with {@code hostNetwork: true} an unset hostPort of an init or regular
 * container is its containerPort, as the API server defaults it.
 */
public final class HostPorts implements PodSecurityCheck {
    @Override
    public String id() {
        return "hostPorts";
    }

    @Override
    public Level level() {
        return Level.BASELINE;
    }

    @Override
    public List<VersionedCheck> versions() {
        return List.of(new VersionedCheck(Version.of(1, 0), HostPorts::hostPorts1_0));
    }

    static CheckResult hostPorts1_0(PodTemplate pod) {
        List<String> badContainers = new ArrayList<>();
        List<String> forbiddenHostPorts = new ArrayList<>();
        List<FieldViolation> fields = new ArrayList<>();
        for (Container c : pod.containers()) {
            boolean valid = true;
            for (Node port : c.node().get("ports").elements()) {
                Node hostPort = pod.hostPort(c, port);
                Long number = hostPort.asLong();
                if (number != null && number != 0) {
                    valid = false;
                    forbiddenHostPorts.add(number.toString());
                    fields.add(new FieldViolation(hostPort, Wording.container(c.name()) + " uses hostPort " + number));
                }
            }
            if (!valid) {
                badContainers.add(c.name());
            }
        }
        if (badContainers.isEmpty()) {
            return CheckResult.allow();
        }
        // Upstream keeps the ports as a set of strings, so they are listed in string order ("10", "8080", "9").
        List<String> ports = Wording.sortedSet(forbiddenHostPorts);
        return CheckResult.forbidden("hostPort", Wording.containers(badContainers) + " "
                + Wording.pluralize("uses", "use", badContainers.size()) + " "
                + Wording.pluralize("hostPort", "hostPorts", ports.size()) + " " + String.join(", ", ports), fields);
    }
}

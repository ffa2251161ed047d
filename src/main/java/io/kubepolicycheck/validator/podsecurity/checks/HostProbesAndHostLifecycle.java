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
 * The host field is restricted in probes and lifecycle handlers (from v1.34).
 * Restricted fields: {@code spec.{initContainers,containers,ephemeralContainers}[*].{livenessProbe,readinessProbe,
 * startupProbe}.{httpGet,tcpSocket}.host} and {@code ...[*].lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host}
 * (tcpSocket is deprecated as a lifecycle handler but still checked).
 * Allowed values: "", undefined/null.
 */
public final class HostProbesAndHostLifecycle implements PodSecurityCheck {
    private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");
    private static final List<String> LIFECYCLE_HANDLERS = List.of("postStart", "preStop");
    private static final List<String> HANDLERS = List.of("httpGet", "tcpSocket");

    @Override
    public String id() {
        return "hostProbesAndHostLifecycle";
    }

    @Override
    public Level level() {
        return Level.BASELINE;
    }

    @Override
    public List<VersionedCheck> versions() {
        return List.of(new VersionedCheck(Version.of(1, 34), HostProbesAndHostLifecycle::hostProbesAndHostLifecycle1_34));
    }

    static CheckResult hostProbesAndHostLifecycle1_34(PodTemplate pod) {
        List<String> badContainers = new ArrayList<>();
        List<String> forbidden = new ArrayList<>();
        List<FieldViolation> fields = new ArrayList<>();
        for (Container c : pod.containers()) {
            for (String probe : PROBES) {
                handler(c, c.node(), probe, badContainers, forbidden, fields);
            }
            if (c.node().has("lifecycle")) {
                for (String handler : LIFECYCLE_HANDLERS) {
                    handler(c, c.node().get("lifecycle"), handler, badContainers, forbidden, fields);
                }
            }
        }
        if (badContainers.isEmpty()) {
            return CheckResult.allow();
        }
        List<String> containers = Wording.sortedSet(badContainers);
        List<String> hosts = Wording.sortedSet(forbidden);
        return CheckResult.forbidden("probe or lifecycle host", Wording.containers(containers) + " "
                + Wording.pluralize("uses", "use", containers.size()) + " "
                + Wording.pluralize("probe or lifecycle host", "probe or lifecycle hosts", hosts.size()) + " "
                + Wording.joinQuote(hosts), fields);
    }

    /** The host of a probe's or lifecycle hook's {@code httpGet} or {@code tcpSocket}; most containers set few. */
    private static void handler(Container c, Node holder, String field, List<String> badContainers,
                                List<String> forbidden, List<FieldViolation> fields) {
        if (!holder.has(field)) {
            return;
        }
        Node handler = holder.get(field);
        for (String kind : HANDLERS) {
            if (!handler.has(kind)) {
                continue;
            }
            Node host = handler.get(kind).get("host");
            if (!host.textOr("").isEmpty()) {
                badContainers.add(c.name());
                forbidden.add(host.textOr(""));
                fields.add(new FieldViolation(host, Wording.container(c.name())
                        + " uses probe or lifecycle host " + Wording.joinQuote(List.of(host.textOr("")))));
            }
        }
    }
}

package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.workload.Container;
import io.kubepolicycheck.validator.workload.PodTemplate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The pod as submitted, its settings each read from the manifest once for all the policies that default and
 * validate it: the manifest does not change, only each policy's overlay of defaults ({@link EffectivePod}) does.
 */
public final class SubmittedPod {
    private final PodTemplate pod;
    private final Value<?>[] podSettings = new Value<?>[Setting.COUNT];
    private final SubmittedContainer[] containers;
    private final Value<Boolean> hostNetwork;
    private final Value<Boolean> hostPID;
    private final Value<Boolean> hostIPC;
    private final Value<Boolean> hostUsers;
    private List<PodVolume> volumes;

    public SubmittedPod(PodTemplate pod) {
        this.pod = pod;
        this.containers = new SubmittedContainer[pod.containers().size()];
        this.hostNetwork = spec(pod, "hostNetwork");
        this.hostPID = spec(pod, "hostPID");
        this.hostIPC = spec(pod, "hostIPC");
        this.hostUsers = spec(pod, "hostUsers");
    }

    private static Value<Boolean> spec(PodTemplate pod, String field) {
        Node node = pod.spec().get(field);
        return new Value<>(node.asBoolean(), node);
    }

    PodTemplate pod() {
        return pod;
    }

    /** The pod-level settings read so far, by {@link Setting} ordinal. */
    Value<?>[] podSettings() {
        return podSettings;
    }

    Value<Boolean> hostNetwork() {
        return hostNetwork;
    }

    Value<Boolean> hostPID() {
        return hostPID;
    }

    Value<Boolean> hostIPC() {
        return hostIPC;
    }

    Value<Boolean> hostUsers() {
        return hostUsers;
    }

    List<PodVolume> volumes() {
        if (volumes == null) {
            List<Node> nodes = pod.volumes();
            List<PodVolume> list = new ArrayList<>(nodes.size());
            for (int i = 0; i < nodes.size(); i++) {
                list.add(PodVolume.of(nodes.get(i), i));
            }
            volumes = Collections.unmodifiableList(list);
        }
        return volumes;
    }

    int containerCount() {
        return containers.length;
    }

    SubmittedContainer container(int i) {
        if (containers[i] == null) {
            containers[i] = new SubmittedContainer(pod.containers().get(i), pod.metadata().get("annotations"));
        }
        return containers[i];
    }

    /** A container's settings as submitted and its paths, shared by every policy's view of it. */
    static final class SubmittedContainer {
        final Container container;
        final Value<?>[] settings = new Value<?>[Setting.COUNT];
        final Value<String> seccompAnnotation;
        final Value<String> appArmorAnnotation;
        private String path;
        private String securityContextPath;
        private List<Node> hostPorts;

        private SubmittedContainer(Container container, Node annotations) {
            this.container = container;
            this.seccompAnnotation = Value.text(container.seccompAnnotationIn(annotations));
            this.appArmorAnnotation = Value.text(container.appArmorAnnotationIn(annotations));
        }

        /** {@code spec.initContainers[0]}: the path relative to the pod, as Kubernetes prints it. */
        String path() {
            if (path == null) {
                path = "spec." + specPath();
            }
            return path;
        }

        /** The host ports the container uses, each defaulted as in {@link PodTemplate#podHostPort}. */
        List<Node> hostPorts(PodTemplate pod) {
            if (hostPorts == null) {
                List<Node> list = new ArrayList<>();
                for (Node port : container.node().get("ports").elements()) {
                    Node hostPort = pod.podHostPort(container, port);
                    Long number = hostPort.asLong();
                    if (number != null && number > 0) {
                        list.add(hostPort);
                    }
                }
                hostPorts = list.isEmpty() ? List.of() : Collections.unmodifiableList(list);
            }
            return hostPorts;
        }

        String securityContextPath() {
            if (securityContextPath == null) {
                securityContextPath = path() + ".securityContext";
            }
            return securityContextPath;
        }

        /** {@code containers[0]}: the path relative to the pod spec, as OpenShift's visitor prints it. */
        String specPath() {
            return container.type().field() + "[" + container.node().index() + "]";
        }
    }
}

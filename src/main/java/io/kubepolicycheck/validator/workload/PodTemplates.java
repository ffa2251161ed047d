package io.kubepolicycheck.validator.workload;

import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.Node;
import java.util.Optional;

/** Finds the pod template of every pod-bearing kind, as Pod Security Admission does. */
public final class PodTemplates {
    private PodTemplates() {
    }

    public static Optional<PodTemplate> of(KubernetesObject object) {
        Node root = object.root();
        String kind = object.kind();
        return switch (kind) {
            case "Pod" -> Optional.of(new PodTemplate(object, root.get("metadata"), root.get("spec")));
            case "PodTemplate" -> template(object, root.get("template"));
            case "CronJob" -> template(object, root.get("spec").get("jobTemplate").get("spec").get("template"));
            case "Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet", "Job" ->
                    template(object, root.get("spec").get("template"));
            default -> root.get("spec").get("template").get("spec").get("containers").isSequence()
                    ? template(object, root.get("spec").get("template")) : Optional.empty();
        };
    }

    private static Optional<PodTemplate> template(KubernetesObject object, Node template) {
        if (!template.isMapping()) {
            return Optional.empty();
        }
        return Optional.of(new PodTemplate(object, template.get("metadata"), template.get("spec")));
    }
}

package io.kubepolicycheck.validator.rbac;

import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.workload.PodTemplate;

/**
 * Who asks for a pod: its service account ({@code spec.serviceAccountName}, else {@code default}) and whoever
 * creates it. A Pod is created by the requesting user; the pods of a workload are created by its controller,
 * with that controller's service account identity (the kube-controller-manager's
 * {@code --use-service-account-credentials}), which is why the classic PodSecurityPolicy walk-through binds
 * the pods' service accounts.
 */
public record Requesters(Identity serviceAccount, Identity creator) {
    public static Requesters of(PodTemplate pod, AdmissionAttributes attributes) {
        String sa = pod.spec().get("serviceAccountName").asText();
        Identity serviceAccount = Identity.podServiceAccount(attributes.namespace(), sa == null || sa.isEmpty() ? "default" : sa);
        String controller = controller(pod.object().kind());
        Identity creator = pod.isPod() || controller == null
                ? Identity.of(attributes.userInfo())
                : Identity.serviceAccount("kube-system", controller);
        return new Requesters(serviceAccount, creator);
    }

    /** The controller that creates the pods of a kind, or null where none is known. */
    public static String controller(String kind) {
        return switch (kind) {
            case "Deployment", "ReplicaSet" -> "replicaset-controller";
            case "ReplicationController" -> "replication-controller";
            case "StatefulSet" -> "statefulset-controller";
            case "DaemonSet" -> "daemon-set-controller";
            case "Job", "CronJob" -> "job-controller";
            default -> null;
        };
    }
}

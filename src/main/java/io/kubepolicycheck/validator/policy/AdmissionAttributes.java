package io.kubepolicycheck.validator.policy;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who asks to do what, where: the parts of an admission request that policies read besides the pod.
 * {@code namespace} is the request's namespace; an object's own {@code metadata.namespace} wins over it.
 * {@code workloads} says what a workload (Deployment, Job, ...) stands for: the pods its controller will create
 * (the default), or the request for the workload itself. {@code phase} is the admission pass judging it: the
 * mutating one unless said otherwise, as a check asks "would this be admitted, and with which defaults".
 * {@code oldAnnotations} are the annotations of the pod an UPDATE replaces, null when the request carries no old
 * object (a CREATE, the command line, the check routes): only an AdmissionReview's {@code oldObject} has them.
 */
public record AdmissionAttributes(String namespace, Operation operation, UserInfo userInfo, Workloads workloads,
                                  AdmissionPhase phase, Map<String, String> oldAnnotations) {
    public static final String DEFAULT_NAMESPACE = "default";
    public static final AdmissionAttributes DEFAULT =
            new AdmissionAttributes(DEFAULT_NAMESPACE, Operation.CREATE, UserInfo.ANONYMOUS);
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /**
     * What a workload's pod template is judged as, which decides who asks: the pods of a workload
     * are requested by its controller, the workload itself by the requesting user (upstream Pod Security
     * admission's {@code ValidatePodController} exempts a workload request by an exempt user).
     */
    public enum Workloads { AS_PODS, AS_REQUESTS }

    public AdmissionAttributes {
        namespace = namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace;
        operation = operation == null ? Operation.CREATE : operation;
        userInfo = userInfo == null ? UserInfo.ANONYMOUS : userInfo;
        workloads = workloads == null ? Workloads.AS_PODS : workloads;
        phase = phase == null ? AdmissionPhase.ADMIT : phase;
        oldAnnotations = oldAnnotations == null ? null : Map.copyOf(oldAnnotations);
    }

    /**
     * A namespace a caller names for the request (query, envelope, command line), or null for the default: the
     * API server would refuse a request in a namespace that cannot exist.
     */
    public static String requestNamespace(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (!NAMESPACE.matcher(text).matches()) {
            throw new IllegalArgumentException("namespace \"" + text
                    + "\" is not a valid namespace name (a lowercase RFC 1123 label of at most 63 characters)");
        }
        return text;
    }

    /** A workload stands for its pods. */
    public AdmissionAttributes(String namespace, Operation operation, UserInfo userInfo) {
        this(namespace, operation, userInfo, Workloads.AS_PODS);
    }

    /** In the mutating pass. */
    public AdmissionAttributes(String namespace, Operation operation, UserInfo userInfo, Workloads workloads) {
        this(namespace, operation, userInfo, workloads, AdmissionPhase.ADMIT);
    }

    /** Without an old object. */
    public AdmissionAttributes(String namespace, Operation operation, UserInfo userInfo, Workloads workloads,
                               AdmissionPhase phase) {
        this(namespace, operation, userInfo, workloads, phase, null);
    }

    public AdmissionAttributes inNamespace(String ns) {
        return ns == null || ns.isEmpty() ? this
                : new AdmissionAttributes(ns, operation, userInfo, workloads, phase, oldAnnotations);
    }

    public AdmissionAttributes inPhase(AdmissionPhase p) {
        return new AdmissionAttributes(namespace, operation, userInfo, workloads, p, oldAnnotations);
    }

    /**
     * Whether a mutating policy may default this pod: only in the mutating pass of a CREATE. A workload's pods are
     * always created by its controller, and pass through both phases, so the pods it stands for may be defaulted.
     */
    public boolean mayDefault(boolean isPod) {
        return !isPod || phase == AdmissionPhase.ADMIT && operation == Operation.CREATE;
    }
}

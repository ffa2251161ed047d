package io.kubepolicycheck.validator.policy;

/**
 * Who asks to do what, where: the parts of an admission request that policies read besides the pod.
 * {@code namespace} is the request's namespace; an object's own {@code metadata.namespace} wins over it.
 */
public record AdmissionAttributes(String namespace, Operation operation, UserInfo userInfo) {
    public static final String DEFAULT_NAMESPACE = "default";
    public static final AdmissionAttributes DEFAULT =
            new AdmissionAttributes(DEFAULT_NAMESPACE, Operation.CREATE, UserInfo.ANONYMOUS);

    public AdmissionAttributes {
        namespace = namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace;
        operation = operation == null ? Operation.CREATE : operation;
        userInfo = userInfo == null ? UserInfo.ANONYMOUS : userInfo;
    }

    public AdmissionAttributes inNamespace(String ns) {
        return ns == null || ns.isEmpty() ? this : new AdmissionAttributes(ns, operation, userInfo);
    }
}

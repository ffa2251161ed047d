package io.kubepolicycheck.admission;

/**
 * What the admission route does with a workload (Deployment, Job, ...) whose pod template would be denied:
 * {@code warn} (the default) allows it with warnings, as Kubernetes does; {@code enforce} denies it like a Pod.
 */
public enum WorkloadMode {
    WARN, ENFORCE;

    public static WorkloadMode parse(String text) {
        if (text == null || text.equals("warn")) {
            return WARN;
        }
        if (text.equals("enforce")) {
            return ENFORCE;
        }
        throw new IllegalArgumentException("workloads must be warn or enforce, not \"" + text + "\"");
    }
}

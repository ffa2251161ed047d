package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code defaultAddCapabilities}, {@code requiredDropCapabilities} and {@code allowedCapabilities} (the same
 * rules in PodSecurityPolicy and SCC): defaults are added unless the container drops them, required drops
 * are added to {@code drop}; an added capability must be a default or allowed one ({@code *} allows all).
 */
public record CapabilitiesStrategy(List<String> defaultAdd, List<String> requiredDrop, List<String> allowed) {
    public static final String ALLOW_ALL = "*";

    public CapabilitiesStrategy {
        defaultAdd = List.copyOf(defaultAdd);
        requiredDrop = List.copyOf(requiredDrop);
        allowed = List.copyOf(allowed);
    }

    /** The capabilities to set, sorted as Kubernetes' sets list them, or null when nothing changes. */
    public Capabilities generate(Capabilities current) {
        if (unchanged(current)) {
            return null;
        }
        List<String> containerAdd = current == null ? List.of() : current.addOrEmpty();
        List<String> containerDrop = current == null ? List.of() : current.dropOrEmpty();
        List<String> add = new ArrayList<>(defaultAdd.size() + containerAdd.size());
        for (String cap : defaultAdd) {
            if (!containerDrop.contains(cap)) {
                add.add(cap);
            }
        }
        add.addAll(containerAdd);
        List<String> drop = new ArrayList<>(requiredDrop.size() + containerDrop.size());
        drop.addAll(requiredDrop);
        drop.addAll(containerDrop);
        add = sortedSet(add);
        drop = sortedSet(drop);
        if (add.size() == distinct(containerAdd) && drop.size() == distinct(containerDrop)) {
            return null;
        }
        return new Capabilities(add.isEmpty() ? null : add, drop.isEmpty() ? null : drop);
    }

    /** Sorted without duplicates, as a Go string set's {@code List()}; a handful of names, so no tree. */
    private static List<String> sortedSet(List<String> names) {
        names.sort(null);
        List<String> out = new ArrayList<>(names.size());
        for (String name : names) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(name)) {
                out.add(name);
            }
        }
        return out;
    }

    private static int distinct(List<String> names) {
        return names.size() < 2 ? names.size() : sortedSet(new ArrayList<>(names)).size();
    }

    /** Every default add is dropped or already added, and every required drop already dropped. */
    private boolean unchanged(Capabilities current) {
        List<String> containerAdd = current == null ? List.of() : current.addOrEmpty();
        List<String> containerDrop = current == null ? List.of() : current.dropOrEmpty();
        for (String cap : defaultAdd) {
            if (!containerDrop.contains(cap) && !containerAdd.contains(cap)) {
                return false;
            }
        }
        return containerDrop.containsAll(requiredDrop);
    }

    /**
     * {@code parentPath} is what errors put {@code .capabilities} under: the container's {@code ...securityContext}
     * for PodSecurityPolicy, the container itself for SCC, as OpenShift prints it.
     */
    public void validate(String parentPath, Value<Capabilities> caps, List<FieldError> out) {
        Capabilities c = caps.value();
        if (c == null) {
            if (!defaultAdd.isEmpty() || !requiredDrop.isEmpty()) {
                out.add(FieldError.invalid(parentPath + ".capabilities", GoValues.NULL, "required capabilities are not set on the securityContext",
                        caps.node(), requiredDrop.isEmpty() ? "defaultAddCapabilities" : "requiredDropCapabilities"));
            }
            return;
        }
        if (allowed.contains(ALLOW_ALL)) {
            return;
        }
        Node addNode = caps.node().get("add");
        for (String cap : c.addOrEmpty()) {
            if (!defaultAdd.contains(cap) && !allowed.contains(cap)) {
                out.add(FieldError.invalid(parentPath + ".capabilities.add", GoValues.quote(cap), "capability may not be added",
                        element(addNode, cap), "allowedCapabilities"));
            }
        }
        Node dropNode = caps.node().get("drop");
        for (String cap : requiredDrop) {
            if (!c.dropOrEmpty().contains(cap)) {
                out.add(FieldError.invalid(parentPath + ".capabilities.drop", GoValues.capabilities(c.drop()),
                        cap + " is required to be dropped but was not found", dropNode, "requiredDropCapabilities"));
            }
        }
    }

    private static Node element(Node list, String text) {
        for (Node n : list.elements()) {
            if (text.equals(n.asText())) {
                return n;
            }
        }
        return list;
    }
}

package io.kubepolicycheck.validator.securitycontextconstraints;

import io.kubepolicycheck.validator.podsecuritypolicy.IdRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What OpenShift allocates to a namespace and records in its annotations: a block of uids
 * ({@code openshift.io/sa.scc.uid-range}), an SELinux MCS level ({@code openshift.io/sa.scc.mcs}) and
 * supplemental group blocks ({@code openshift.io/sa.scc.supplemental-groups}, else the uid range). SCCs
 * whose strategies leave ranges or the level unset take them from here.
 */
public record NamespaceAllocation(IdRange uids, String mcs, List<IdRange> groups) {
    public static final String UID_RANGE = "openshift.io/sa.scc.uid-range";
    public static final String MCS = "openshift.io/sa.scc.mcs";
    public static final String SUPPLEMENTAL_GROUPS = "openshift.io/sa.scc.supplemental-groups";

    /** The first block OpenShift's allocator hands out, for a namespace the set does not describe. */
    public static final NamespaceAllocation DEFAULT =
            new NamespaceAllocation(new IdRange(1000000000L, 1000009999L), "s0:c1,c0", List.of(new IdRange(1000000000L, 1000009999L)));

    public NamespaceAllocation {
        groups = List.copyOf(groups);
    }

    /** From a Namespace's annotations; an absent annotation keeps the default allocation's value. */
    public static NamespaceAllocation of(Map<String, String> annotations) {
        String uidRange = annotations.get(UID_RANGE);
        IdRange uids = uidRange == null || uidRange.isEmpty() ? DEFAULT.uids : block(uidRange);
        String mcs = annotations.getOrDefault(MCS, "");
        String groupAnnotation = annotations.getOrDefault(SUPPLEMENTAL_GROUPS, uidRange);
        List<IdRange> groups = new ArrayList<>();
        if (groupAnnotation == null || groupAnnotation.isEmpty()) {
            groups.addAll(DEFAULT.groups);
        } else {
            for (String segment : groupAnnotation.split(",")) {
                groups.add(block(segment));
            }
        }
        return new NamespaceAllocation(uids, mcs.isEmpty() ? DEFAULT.mcs : mcs, groups);
    }

    /** {@code start/size} or {@code start-end}, as OpenShift writes a block. */
    static IdRange block(String text) {
        String t = text.trim();
        try {
            int slash = t.indexOf('/');
            if (slash > 0) {
                long start = Long.parseLong(t.substring(0, slash));
                long size = Long.parseLong(t.substring(slash + 1));
                if (size < 1) {
                    throw new IllegalArgumentException("block size must be positive: \"" + text + "\"");
                }
                return new IdRange(start, start + size - 1);
            }
            int dash = t.indexOf('-');
            if (dash > 0) {
                long start = Long.parseLong(t.substring(0, dash));
                long end = Long.parseLong(t.substring(dash + 1));
                if (end < start) {
                    throw new IllegalArgumentException("block end is before its start: \"" + text + "\"");
                }
                return new IdRange(start, end);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a block (start/size or start-end): \"" + text + "\"");
        }
        throw new IllegalArgumentException("not a block (start/size or start-end): \"" + text + "\"");
    }

    /** The fsGroup range: the first group of the first block. */
    public List<IdRange> fsGroup() {
        return List.of(new IdRange(groups.get(0).min(), groups.get(0).min()));
    }
}

package io.kubepolicycheck.validator.securitycontextconstraints;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.podsecuritypolicy.FieldError;
import io.kubepolicycheck.validator.podsecuritypolicy.GoValues;
import io.kubepolicycheck.validator.podsecuritypolicy.IdRange;
import java.util.List;

/** An SCC's {@code fsGroup} or {@code supplementalGroups}: MustRunAs (ranges) or RunAsAny (ranges null). */
record GroupRule(String field, List<IdRange> ranges) {
    List<Long> generate() {
        return ranges == null ? null : List.of(ranges.get(0).min());
    }

    Long generateSingle() {
        return ranges == null ? null : ranges.get(0).min();
    }

    void validate(String path, Node node, List<Long> groups, List<FieldError> out) {
        if (ranges == null) {
            return;
        }
        String at = path + "." + field;
        if (groups == null || groups.isEmpty()) {
            out.add(FieldError.invalid(at, GoValues.int64s(groups), "unable to validate empty groups against required ranges",
                    node, field));
            return;
        }
        for (long group : groups) {
            if (!IdRange.anyContains(ranges, group)) {
                out.add(FieldError.invalid(at, GoValues.int64s(groups), group + " is not an allowed group", node, field));
            }
        }
    }
}

package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;
import java.util.List;

/** {@code spec.runAsGroup}, {@code spec.supplementalGroups} and {@code spec.fsGroup} of a PodSecurityPolicy. */
public sealed interface GroupStrategy {
    /** Groups to default an unset list to, or null. */
    List<Long> generate();

    /** The group to default an unset single value to, or null. */
    Long generateSingle();

    /** {@code groups} null or empty means unset. */
    void validate(String path, Node node, List<Long> groups, String check, List<FieldError> out);

    String rule();

    /** Groups must be set and in the ranges; defaults to the first range's minimum. */
    record MustRunAs(List<IdRange> ranges) implements GroupStrategy {
        @Override
        public List<Long> generate() {
            return List.of(ranges.get(0).min());
        }

        @Override
        public Long generateSingle() {
            return ranges.get(0).min();
        }

        @Override
        public void validate(String path, Node node, List<Long> groups, String check, List<FieldError> out) {
            if (groups == null || groups.isEmpty()) {
                out.add(FieldError.invalid(path, GoValues.int64s(groups),
                        "unable to validate empty groups against required ranges", node, check));
            }
            inRanges(path, node, groups, ranges, check, out);
        }

        @Override
        public String rule() {
            return "MustRunAs";
        }
    }

    /** Groups may be unset; when set they must be in the ranges. No default. */
    record MayRunAs(List<IdRange> ranges) implements GroupStrategy {
        @Override
        public List<Long> generate() {
            return null;
        }

        @Override
        public Long generateSingle() {
            return null;
        }

        @Override
        public void validate(String path, Node node, List<Long> groups, String check, List<FieldError> out) {
            inRanges(path, node, groups, ranges, check, out);
        }

        @Override
        public String rule() {
            return "MayRunAs";
        }
    }

    record RunAsAny() implements GroupStrategy {
        @Override
        public List<Long> generate() {
            return null;
        }

        @Override
        public Long generateSingle() {
            return null;
        }

        @Override
        public void validate(String path, Node node, List<Long> groups, String check, List<FieldError> out) {
            // any group is allowed
        }

        @Override
        public String rule() {
            return "RunAsAny";
        }
    }

    private static void inRanges(String path, Node node, List<Long> groups, List<IdRange> ranges, String check,
                                 List<FieldError> out) {
        if (groups == null) {
            return;
        }
        for (long group : groups) {
            if (!IdRange.anyContains(ranges, group)) {
                out.add(FieldError.invalid(path, GoValues.int64s(groups),
                        "group " + group + " must be in the ranges: " + GoValues.list(ranges), node, check));
            }
        }
    }
}

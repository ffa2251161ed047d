package io.kubepolicycheck.validator.podsecurity;

import io.kubepolicycheck.validator.workload.PodTemplate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the checks of a level at a version, as upstream's check registry does: for each check the newest
 * revision whose minimum version is at most the requested one; at restricted, the restricted checks plus the
 * baseline checks that no applicable restricted revision overrides; baseline checks first, then restricted,
 * each group ordered by id. A version newer than every check's newest revision is evaluated as that one.
 */
public final class PodSecurityEvaluator {
    private final List<PodSecurityCheck> baseline;
    private final List<PodSecurityCheck> restricted;

    public PodSecurityEvaluator(List<PodSecurityCheck> checks) {
        List<PodSecurityCheck> sorted = new ArrayList<>(checks);
        sorted.sort(Comparator.comparing(PodSecurityCheck::id));
        this.baseline = sorted.stream().filter(c -> c.level() == Level.BASELINE).toList();
        this.restricted = sorted.stream().filter(c -> c.level() == Level.RESTRICTED).toList();
    }

    /** The evaluator over every check this project implements. */
    public static PodSecurityEvaluator standard() {
        return Holder.STANDARD;
    }

    private static final class Holder {
        static final PodSecurityEvaluator STANDARD = new PodSecurityEvaluator(PodSecurityChecks.all());
    }

    /** The results of every applicable check, allowed or not, in upstream's order. */
    public List<CheckFinding> evaluate(PodTemplate pod, LevelVersion levelVersion) {
        return plan(levelVersion).evaluate(pod);
    }

    /**
     * Which revision of which check runs at a level and version, in upstream's order. It depends on nothing
     * else, so a policy plans once, when it is built, rather than on every pod.
     */
    public Plan plan(LevelVersion levelVersion) {
        if (levelVersion.level() == Level.PRIVILEGED) {
            return new Plan(List.of());
        }
        Version version = levelVersion.version();
        List<Planned> plan = new ArrayList<>();
        Set<String> overridden = new HashSet<>();
        List<Planned> restrictedPlan = new ArrayList<>();
        if (levelVersion.level() == Level.RESTRICTED) {
            for (PodSecurityCheck check : restricted) {
                VersionedCheck revision = revisionFor(check, version);
                if (revision != null) {
                    overridden.addAll(revision.overrides());
                    restrictedPlan.add(new Planned(check.id(), revision));
                }
            }
        }
        for (PodSecurityCheck check : baseline) {
            VersionedCheck revision = revisionFor(check, version);
            if (revision != null && !overridden.contains(check.id())) {
                plan.add(new Planned(check.id(), revision));
            }
        }
        plan.addAll(restrictedPlan);
        return new Plan(List.copyOf(plan));
    }

    /** The checks {@link #plan} chose for one level and version. */
    public static final class Plan {
        private final List<Planned> checks;

        private Plan(List<Planned> checks) {
            this.checks = checks;
        }

        /** The results of every planned check, allowed or not, in upstream's order. */
        public List<CheckFinding> evaluate(PodTemplate pod) {
            List<CheckFinding> findings = new ArrayList<>(checks.size());
            for (Planned check : checks) {
                findings.add(new CheckFinding(check.id(), check.revision().check().apply(pod)));
            }
            return findings;
        }
    }

    /** One check's revision chosen for a level and version. */
    private record Planned(String id, VersionedCheck revision) {
    }

    private static VersionedCheck revisionFor(PodSecurityCheck check, Version version) {
        VersionedCheck chosen = null;
        for (VersionedCheck revision : check.versions()) {
            if (version.atLeast(revision.minimumVersion())) {
                chosen = revision;
            }
        }
        return chosen;
    }

    /**
     * Upstream's aggregate wording: {@code reason (detail), reason2 (detail2)}, over the forbidden findings.
     */
    public static String forbiddenDetail(List<CheckFinding> findings) {
        StringBuilder out = new StringBuilder();
        for (CheckFinding finding : findings) {
            CheckResult r = finding.result();
            if (r.allowed()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(r.forbiddenReason().isEmpty() ? "unknown forbidden reason" : r.forbiddenReason());
            if (!r.forbiddenDetail().isEmpty()) {
                out.append(" (").append(r.forbiddenDetail()).append(')');
            }
        }
        return out.toString();
    }
}

package io.kubepolicycheck.validator.podsecurity.checks;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.podsecurity.CheckResult;
import io.kubepolicycheck.validator.podsecurity.FieldViolation;
import io.kubepolicycheck.validator.podsecurity.Level;
import io.kubepolicycheck.validator.podsecurity.PodSecurityCheck;
import io.kubepolicycheck.validator.podsecurity.Version;
import io.kubepolicycheck.validator.podsecurity.VersionedCheck;
import io.kubepolicycheck.validator.podsecurity.Wording;
import io.kubepolicycheck.validator.workload.Container;
import io.kubepolicycheck.validator.workload.PodTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * On supported hosts, the {@code runtime/default} AppArmor profile is applied by default; the baseline policy
 * prevents overriding or disabling it, or restricts overrides to an allowed set of profiles.
 * Restricted fields: {@code metadata.annotations["container.apparmor.security.beta.kubernetes.io/*"]}
 * (allowed: {@code runtime/default}, {@code localhost/*}, empty, undefined);
 * {@code spec.securityContext.appArmorProfile.type} and
 * {@code spec.{initContainers,containers,ephemeralContainers}[*].securityContext.appArmorProfile.type}
 * (allowed: {@code RuntimeDefault}, {@code Localhost}, undefined).
 */
public final class AppArmorProfile implements PodSecurityCheck {

    @Override
    public String id() {
        return "appArmorProfile";
    }

    @Override
    public Level level() {
        return Level.BASELINE;
    }

    @Override
    public List<VersionedCheck> versions() {
        return List.of(new VersionedCheck(Version.of(1, 0), AppArmorProfile::appArmorProfile1_0));
    }

    private static boolean allowedAnnotationValue(String profile) {
        return profile.isEmpty() || profile.equals("runtime/default") || profile.startsWith("localhost/");
    }

    private static boolean allowedProfileType(String type) {
        return type.equals("RuntimeDefault") || type.equals("Localhost");
    }

    static CheckResult appArmorProfile1_0(PodTemplate pod) {
        List<String> badSetters = new ArrayList<>();
        List<String> badValues = new ArrayList<>();
        List<FieldViolation> fields = new ArrayList<>();

        Node podProfile = pod.podSecurityContext().get("appArmorProfile");
        if (!podProfile.isNil()) {
            String type = podProfile.get("type").textOr("");
            if (!allowedProfileType(type)) {
                badSetters.add("pod");
                badValues.add(type);
                fields.add(new FieldViolation(typeOf(podProfile), "pod" + mustNotSet(List.of(type))));
            }
        }

        List<String> badContainers = new ArrayList<>();
        for (Container c : pod.containers()) {
            Node profile = c.securityContext().get("appArmorProfile");
            if (!profile.isNil()) {
                String type = profile.get("type").textOr("");
                if (!allowedProfileType(type)) {
                    badContainers.add(c.name());
                    badValues.add(type);
                    fields.add(new FieldViolation(typeOf(profile), Wording.container(c.name()) + mustNotSet(List.of(type))));
                }
            }
        }
        if (!badContainers.isEmpty()) {
            badSetters.add(Wording.containers(badContainers));
        }

        List<String> forbiddenAnnotations = new ArrayList<>();
        for (Map.Entry<String, Node> annotation : pod.metadata().get("annotations").fields().entrySet()) {
            String value = annotation.getValue().textOr("");
            if (annotation.getKey().startsWith(Container.APPARMOR_ANNOTATION_PREFIX) && !allowedAnnotationValue(value)) {
                String setting = annotation.getKey() + "=" + Wording.goQuote(value);
                forbiddenAnnotations.add(setting);
                fields.add(new FieldViolation(annotation.getValue(), "annotation" + mustNotSet(List.of(setting))));
            }
        }

        List<String> badValueList = new ArrayList<>(Wording.sortedSet(badValues));
        if (!forbiddenAnnotations.isEmpty()) {
            badValueList.addAll(Wording.sortedSet(forbiddenAnnotations));
            badSetters.add(Wording.pluralize("annotation", "annotations", forbiddenAnnotations.size()));
        }
        if (badSetters.isEmpty()) {
            return CheckResult.allow();
        }
        return CheckResult.forbidden(
                Wording.pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", badValueList.size()),
                String.join(" and ", badSetters) + mustNotSet(badValueList), fields);
    }

    private static String mustNotSet(List<String> values) {
        return " must not set AppArmor profile type to " + Wording.joinQuote(values);
    }

    /** The offending type, or the profile itself when it sets no type. */
    private static Node typeOf(Node profile) {
        Node type = profile.get("type");
        return type.isMissing() ? profile : type;
    }
}

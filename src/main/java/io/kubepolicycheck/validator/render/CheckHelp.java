package io.kubepolicycheck.validator.render;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each check id of a verdict means and how to fix a finding, for renderers that explain their findings
 * (SARIF rules). Ids are the upstream ones: Pod Security check ids, PodSecurityPolicy and SCC spec fields. The
 * text is data, in {@value #RESOURCE} beside this class; here is only how to read it and where to link. Each entry
 * has a {@code title}, a {@code description} and a {@code fix} (Markdown, paraphrasing the Pod Security Standards
 * and PodSecurityPolicy documentation) and a {@code kind}: {@code pss} (a Pod Security check, with the
 * {@code level} that defines it), {@code psp} (a PodSecurityPolicy or Kube Cover field), {@code scc} (an SCC field)
 * or {@code admission} (a finding of no single field). {@code pspSection} is the section of the PodSecurityPolicy
 * page that documents the field ({@code ""} for the page itself), absent for no PodSecurityPolicy field. It is JSON,
 * read with the streaming parser json output loads anyway: YAML took SnakeYAML's parser, 75 to 110 ms on a cold JVM.
 */
final class CheckHelp {
    static final String PSS_URI = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";
    static final String PSP_URI = "https://v1-24.docs.kubernetes.io/docs/concepts/security/pod-security-policy/";
    static final String SCC_URI =
            "https://docs.openshift.com/container-platform/latest/authentication/managing-security-context-constraints.html";

    /**
     * One check: a title, what it guards against, how to fix a finding; the Pod Security level that defines it
     * (null for policy fields only) and the section of the PodSecurityPolicy page that documents the field
     * (empty: the page itself; null: not a PodSecurityPolicy field).
     */
    record Entry(String id, String title, String description, String fix, String pssLevel, String pspSection) {
        /** Where to read more, for a finding reported by {@code policy} ({@code PodSecurity/...}, ...). */
        String helpUri(String policy) {
            if (id.equals(WARNING)) {
                return PSA_URI;
            }
            if (policy.startsWith("SecurityContextConstraints")) {
                return SCC_URI;
            }
            if (policy.startsWith("PodSecurityPolicy") && pspSection != null || pssLevel == null && pspSection != null) {
                return pspSection.isEmpty() ? PSP_URI : PSP_URI + "#" + pspSection;
            }
            return pssLevel != null ? PSS_URI + "#" + pssLevel : PSS_URI;
        }
    }

    static final String PSA_URI = "https://kubernetes.io/docs/concepts/security/pod-security-admission/";
    /** The rule of a denial that names no field (a policy that says only why it refused the object). */
    static final String DENIED = "admission-denied";
    /** The rule of an admission warning (Pod Security warn mode): the object is admitted, with this warning. */
    static final String WARNING = "admission-warning";

    /** The help text, as data keyed by check id: {@value #RESOURCE}, read once, on the first SARIF log. */
    static final String RESOURCE = "check-help.json";
    static final List<String> KINDS = List.of("pss", "psp", "scc", "admission");

    private static final class Entries {
        static final Map<String, Entry> ALL = read();
    }

    private CheckHelp() {
    }

    /** Every entry, by id, in the resource's order. */
    static Map<String, Entry> all() {
        return Entries.ALL;
    }

    /** The resource's entries; one without a title, description or fix, or of an unknown kind, is a build bug. */
    private static Map<String, Entry> read() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        InputStream in = CheckHelp.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the jar");
        }
        try (JsonParser json = JsonRenderer.FACTORY.createParser(in)) {
            expect(json, json.nextToken() == JsonToken.START_OBJECT, "an object of entries");
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String id = json.currentName();
                expect(json, json.nextToken() == JsonToken.START_OBJECT, "an object for " + id);
                Map<String, String> fields = new LinkedHashMap<>();
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    expect(json, json.nextToken() == JsonToken.VALUE_STRING, "a string for " + id + "." + field);
                    fields.put(field, json.getText());
                }
                String kind = fields.get("kind");
                if (!KINDS.contains(kind) || fields.get("title") == null || fields.get("description") == null
                        || fields.get("fix") == null || kind.equals("pss") != (fields.get("level") != null)) {
                    throw new IllegalStateException(RESOURCE + ": entry " + id + " is incomplete: " + fields.keySet());
                }
                entries.put(id, new Entry(id, fields.get("title"), fields.get("description"), fields.get("fix"),
                        fields.get("level"), fields.get("pspSection")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(entries);
    }

    private static void expect(JsonParser json, boolean found, String what) {
        if (!found) {
            throw new IllegalStateException(RESOURCE + ": " + what + " expected at " + json.currentLocation());
        }
    }

    /** The entry for {@code id}; an id this catalog does not know gets a generic one naming the policy. */
    static Entry of(String id, String policy) {
        Entry known = Entries.ALL.get(id);
        if (known != null) {
            return known;
        }
        return new Entry(id, id,
                "The `" + id + "` rule of " + policy + " does not admit the pod as written.",
                "Change the field the finding points at so that " + policy + " admits it, or use a policy set "
                        + "that allows it.",
                null, policy.startsWith("PodSecurityPolicy") ? "" : null);
    }
}

package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code seLinuxOptions}: user, role, type and level, each "" when unset. */
public record SeLinuxOptions(String user, String role, String type, String level) {
    public SeLinuxOptions {
        user = user == null ? "" : user;
        role = role == null ? "" : role;
        type = type == null ? "" : type;
        level = level == null ? "" : level;
    }

    /** The options a mapping holds, or null when the node is absent, null or not a mapping. */
    public static SeLinuxOptions of(Node node) {
        if (!node.isMapping()) {
            return null;
        }
        return new SeLinuxOptions(node.get("user").asText(), node.get("role").asText(), node.get("type").asText(),
                node.get("level").asText());
    }

    /** The fields that are set, in Kubernetes' order, as a defaulted value is reported. */
    public Map<String, String> toMap() {
        Map<String, String> out = new LinkedHashMap<>();
        if (!user.isEmpty()) {
            out.put("user", user);
        }
        if (!role.isEmpty()) {
            out.put("role", role);
        }
        if (!type.isEmpty()) {
            out.put("type", type);
        }
        if (!level.isEmpty()) {
            out.put("level", level);
        }
        return out;
    }
}

package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The volume type ({@code FSType}) of a pod volume, as {@code GetVolumeFSType} names it: the first volume
 * source field present, in upstream's order. PodSecurityPolicy and SCC differ in two names.
 */
public final class VolumeTypes {
    /** Volume source field -> PodSecurityPolicy FSType, in the order upstream tests them. */
    private static final Map<String, String> PSP = new LinkedHashMap<>();

    static {
        for (String field : List.of("hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo",
                "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder")) {
            PSP.put(field, field);
        }
        PSP.put("cephfs", "cephFS");
        for (String field : List.of("flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume",
                "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO")) {
            PSP.put(field, field);
        }
        PSP.put("storageos", "storageos");
        PSP.put("csi", "csi");
        PSP.put("ephemeral", "ephemeral");
        PSP.put("image", "image");
    }

    /** Every FSType a PodSecurityPolicy may list in {@code volumes}, {@code *} included. */
    public static final Set<String> PSP_NAMES = Set.of("azureFile", "flocker", "flexVolume", "hostPath", "emptyDir",
            "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs",
            "persistentVolumeClaim", "rbd", "cinder", "cephFS", "downwardAPI", "fc", "configMap", "vsphereVolume",
            "quobyte", "azureDisk", "photonPersistentDisk", "storageos", "projected", "portworxVolume", "scaleIO",
            "csi", "ephemeral", "*");

    private VolumeTypes() {
    }

    /** Each volume source field's place in {@link #PSP}'s order. */
    private static final Map<String, Integer> ORDER = new HashMap<>();

    static {
        for (String field : PSP.keySet()) {
            ORDER.put(field, ORDER.size());
        }
    }

    /**
     * The volume source field a volume uses ({@code hostPath}, {@code cephfs}, ...): of the source fields it holds
     * (nearly always one), the first in upstream's order. A volume that names no source is an {@code emptyDir}, as
     * the API server defaults it.
     */
    public static String sourceField(Node volume) {
        String first = "emptyDir";
        int firstOrder = Integer.MAX_VALUE;
        for (Node value : volume.fields().values()) {
            Integer order = ORDER.get(value.key());
            if (order != null && order < firstOrder && value.isMapping()) {
                first = value.key();
                firstOrder = order;
            }
        }
        return first;
    }

    /** The PodSecurityPolicy FSType of a volume source field. */
    static String pspType(String sourceField) {
        return PSP.get(sourceField);
    }

    /** The SCC FSType of a volume source field ({@code vsphere} and {@code storageOS} are spelled differently). */
    static String sccType(String field) {
        return switch (field) {
            case "vsphereVolume" -> "vsphere";
            case "storageos" -> "storageOS";
            default -> PSP.get(field);
        };
    }

    /**
     * A projected volume whose sources are only what the service account token projection injects (token,
     * {@code kube-root-ca.crt}, the namespace), which a policy that allows {@code secret} allows too.
     * {@code extraConfigMap} names one more config map source OpenShift injects, or null.
     */
    public static boolean isOnlyServiceAccountTokenSources(Node volume, String extraConfigMap, String extraKey) {
        for (Node source : volume.get("projected").get("sources").elements()) {
            Node token = source.get("serviceAccountToken");
            Node configMap = source.get("configMap");
            Node downward = source.get("downwardAPI");
            if (!token.isMapping() && !configMap.isMapping() && !downward.isMapping()) {
                return false;
            }
            if (token.isMapping() && (!"token".equals(token.get("path").asText())
                    || !token.get("audience").textOr("").isEmpty())) {
                return false;
            }
            if (configMap.isMapping() && !rootCa(configMap, extraConfigMap, extraKey)) {
                return false;
            }
            if (downward.isMapping()) {
                for (Node item : downward.get("items").elements()) {
                    Node ref = item.get("fieldRef");
                    if (!"namespace".equals(item.get("path").asText()) || !ref.isMapping()
                            || !"v1".equals(ref.get("apiVersion").asText())
                            || !"metadata.namespace".equals(ref.get("fieldPath").asText())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean rootCa(Node configMap, String extraConfigMap, String extraKey) {
        String name = configMap.get("name").textOr("");
        String key;
        if ("kube-root-ca.crt".equals(name)) {
            key = "ca.crt";
        } else if (name.equals(extraConfigMap)) {
            key = extraKey;
        } else {
            return false;
        }
        List<Node> items = configMap.get("items").elements();
        return items.size() == 1 && key.equals(items.get(0).get("key").asText())
                && key.equals(items.get(0).get("path").asText());
    }
}

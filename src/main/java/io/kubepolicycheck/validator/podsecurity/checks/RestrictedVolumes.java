package io.kubepolicycheck.validator.podsecurity.checks;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.podsecurity.CheckResult;
import io.kubepolicycheck.validator.podsecurity.FieldViolation;
import io.kubepolicycheck.validator.podsecurity.Level;
import io.kubepolicycheck.validator.podsecurity.PodSecurityCheck;
import io.kubepolicycheck.validator.podsecurity.Version;
import io.kubepolicycheck.validator.podsecurity.VersionedCheck;
import io.kubepolicycheck.validator.podsecurity.Wording;
import io.kubepolicycheck.validator.workload.PodTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * Besides hostPath, the restricted policy limits inline pod volume sources to configMap, csi, downwardAPI,
 * emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret; it replaces {@code hostPathVolumes}
 * at restricted.
 * Restricted fields: {@code spec.volumes[*].{hostPath,gcePersistentDisk,awsElasticBlockStore,gitRepo,nfs,iscsi,
 * glusterfs,rbd,flexVolume,cinder,cephfs,flocker,fc,azureFile,vsphereVolume,quobyte,azureDisk,portworxVolume,
 * photonPersistentDisk,scaleIO,storageos}}.
 * Allowed values: undefined/null. A volume that names no source at all is an emptyDir, as the API server
 * defaults it.
 */
public final class RestrictedVolumes implements PodSecurityCheck {
    private static final List<String> ALLOWED_SOURCES = List.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "image", "persistentVolumeClaim", "projected", "secret");
    /** In upstream's order: the first one a volume sets names its type. */
    private static final List<String> RESTRICTED_SOURCES = List.of("hostPath", "gcePersistentDisk",
            "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume", "cinder", "cephfs",
            "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk",
            "portworxVolume", "scaleIO", "storageos");

    @Override
    public String id() {
        return "restrictedVolumes";
    }

    @Override
    public Level level() {
        return Level.RESTRICTED;
    }

    @Override
    public List<VersionedCheck> versions() {
        return List.of(new VersionedCheck(Version.of(1, 0), RestrictedVolumes::restrictedVolumes1_0,
                List.of(HostPathVolumes.ID)));
    }

    static CheckResult restrictedVolumes1_0(PodTemplate pod) {
        List<String> badVolumes = new ArrayList<>();
        List<String> badVolumeTypes = new ArrayList<>();
        List<FieldViolation> fields = new ArrayList<>();
        for (Node volume : pod.volumes()) {
            if (setsAny(volume, ALLOWED_SOURCES)) {
                continue;
            }
            // No allowed source: the first restricted one it sets, if any (none set means a defaulted emptyDir).
            for (String source : RESTRICTED_SOURCES) {
                Node set = volume.has(source) ? volume.get(source) : null;
                if (set != null && !set.isNil()) {
                    String name = volume.get("name").textOr("");
                    badVolumes.add(name);
                    badVolumeTypes.add(source);
                    fields.add(new FieldViolation(set, "volume " + Wording.joinQuote(List.of(name))
                            + " uses restricted volume type " + Wording.joinQuote(List.of(source))));
                    break;
                }
            }
        }
        if (badVolumes.isEmpty()) {
            return CheckResult.allow();
        }
        List<String> types = Wording.sortedSet(badVolumeTypes);
        return CheckResult.forbidden("restricted volume types",
                Wording.pluralize("volume", "volumes", badVolumes.size()) + " " + Wording.joinQuote(badVolumes) + " "
                        + Wording.pluralize("uses", "use", badVolumes.size()) + " "
                        + Wording.pluralize("restricted volume type", "restricted volume types", types.size()) + " "
                        + Wording.joinQuote(types), fields);
    }

    private static boolean setsAny(Node volume, List<String> sources) {
        for (String source : sources) {
            if (volume.has(source) && !volume.get(source).isNil()) {
                return true;
            }
        }
        return false;
    }
}

package io.kubepolicycheck.validator.workload;

import static io.kubepolicycheck.validator.workload.FieldType.BOOL;
import static io.kubepolicycheck.validator.workload.FieldType.INT32;
import static io.kubepolicycheck.validator.workload.FieldType.INT64;
import static io.kubepolicycheck.validator.workload.FieldType.STRING;
import static io.kubepolicycheck.validator.workload.FieldType.field;
import static io.kubepolicycheck.validator.workload.FieldType.mapOf;
import static io.kubepolicycheck.validator.workload.FieldType.sliceOf;
import static io.kubepolicycheck.validator.workload.FieldType.string;
import static io.kubepolicycheck.validator.workload.FieldType.struct;

import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.ManifestException;
import java.util.Map;

/**
 * The Go types (k8s.io/api core/v1, apps/v1, batch/v1) of the pod fields this project's checks and policies read,
 * and the refusal of an object the API server's decoder would refuse for one of them: {@code hostNetwork: "true"}
 * is not read as anything, it is {@code Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal
 * string into Go struct field PodSpec.spec.hostNetwork of type bool}, as the API server answers with a 400.
 *
 * <p>Only the fields listed here are checked; any other field is left alone, mistyped or unknown (the API server
 * refuses an unknown one only under strict field validation, kubectl's default).
 */
public final class PodSpecSchema {
    private static final FieldType OBJECT_META = struct("ObjectMeta",
            field("name", STRING),
            field("generateName", STRING),
            field("namespace", STRING),
            field("labels", mapOf(STRING)),
            field("annotations", mapOf(STRING)));

    private static final FieldType SE_LINUX_OPTIONS = struct("SELinuxOptions",
            field("user", STRING),
            field("role", STRING),
            field("type", STRING),
            field("level", STRING));
    private static final FieldType SECCOMP_PROFILE = struct("SeccompProfile",
            field("type", string("v1.SeccompProfileType")),
            field("localhostProfile", STRING));
    private static final FieldType APP_ARMOR_PROFILE = struct("AppArmorProfile",
            field("type", string("v1.AppArmorProfileType")),
            field("localhostProfile", STRING));
    private static final FieldType WINDOWS_OPTIONS = struct("WindowsSecurityContextOptions",
            field("gmsaCredentialSpecName", STRING),
            field("gmsaCredentialSpec", STRING),
            field("runAsUserName", STRING),
            field("hostProcess", BOOL));

    private static final FieldType POD_SECURITY_CONTEXT = struct("PodSecurityContext",
            field("seLinuxOptions", SE_LINUX_OPTIONS),
            field("windowsOptions", WINDOWS_OPTIONS),
            field("runAsUser", INT64),
            field("runAsGroup", INT64),
            field("runAsNonRoot", BOOL),
            field("supplementalGroups", sliceOf(INT64)),
            field("fsGroup", INT64),
            field("sysctls", sliceOf(struct("Sysctl", field("name", STRING), field("value", STRING)))),
            field("seccompProfile", SECCOMP_PROFILE),
            field("appArmorProfile", APP_ARMOR_PROFILE));

    private static final FieldType SECURITY_CONTEXT = struct("SecurityContext",
            field("capabilities", struct("Capabilities",
                    field("add", sliceOf(string("v1.Capability"))),
                    field("drop", sliceOf(string("v1.Capability"))))),
            field("privileged", BOOL),
            field("seLinuxOptions", SE_LINUX_OPTIONS),
            field("windowsOptions", WINDOWS_OPTIONS),
            field("runAsUser", INT64),
            field("runAsGroup", INT64),
            field("runAsNonRoot", BOOL),
            field("readOnlyRootFilesystem", BOOL),
            field("allowPrivilegeEscalation", BOOL),
            field("procMount", string("v1.ProcMountType")),
            field("seccompProfile", SECCOMP_PROFILE),
            field("appArmorProfile", APP_ARMOR_PROFILE));

    /** A probe's or lifecycle hook's handlers, with the host they may name. */
    private static final FieldType HTTP_GET = struct("HTTPGetAction", field("host", STRING));
    private static final FieldType TCP_SOCKET = struct("TCPSocketAction", field("host", STRING));
    private static final FieldType PROBE = struct("Probe", field("httpGet", HTTP_GET), field("tcpSocket", TCP_SOCKET));
    private static final FieldType LIFECYCLE_HANDLER = struct("LifecycleHandler",
            field("httpGet", HTTP_GET),
            field("tcpSocket", TCP_SOCKET));

    private static final FieldType CONTAINER = struct("Container",
            field("name", STRING),
            field("image", STRING),
            field("ports", sliceOf(struct("ContainerPort",
                    field("hostPort", INT32),
                    field("containerPort", INT32),
                    field("protocol", string("v1.Protocol"))))),
            field("volumeMounts", sliceOf(struct("VolumeMount", field("name", STRING), field("readOnly", BOOL)))),
            field("livenessProbe", PROBE),
            field("readinessProbe", PROBE),
            field("startupProbe", PROBE),
            field("lifecycle", struct("Lifecycle",
                    field("postStart", LIFECYCLE_HANDLER),
                    field("preStop", LIFECYCLE_HANDLER))),
            field("securityContext", SECURITY_CONTEXT));

    /** The sources a projected volume may hold, with the fields that decide whether it is only a token. */
    private static final FieldType VOLUME_PROJECTION = struct("VolumeProjection",
            field("serviceAccountToken", struct("ServiceAccountTokenProjection",
                    field("audience", STRING),
                    field("path", STRING))),
            field("configMap", struct("ConfigMapProjection",
                    field("name", STRING),
                    field("items", sliceOf(struct("KeyToPath", field("key", STRING), field("path", STRING)))))),
            field("downwardAPI", struct("DownwardAPIProjection",
                    field("items", sliceOf(struct("DownwardAPIVolumeFile",
                            field("path", STRING),
                            field("fieldRef", struct("ObjectFieldSelector",
                                    field("apiVersion", STRING),
                                    field("fieldPath", STRING)))))))));

    /** A volume inlines its {@code VolumeSource}: each source is an object of its own type. */
    private static final FieldType VOLUME = struct("Volume",
            field("name", STRING),
            field("hostPath", struct("HostPathVolumeSource",
                    field("path", STRING),
                    field("type", string("v1.HostPathType")))),
            field("emptyDir", struct("EmptyDirVolumeSource")),
            field("gcePersistentDisk", struct("GCEPersistentDiskVolumeSource")),
            field("awsElasticBlockStore", struct("AWSElasticBlockStoreVolumeSource")),
            field("gitRepo", struct("GitRepoVolumeSource")),
            field("secret", struct("SecretVolumeSource")),
            field("nfs", struct("NFSVolumeSource")),
            field("iscsi", struct("ISCSIVolumeSource")),
            field("glusterfs", struct("GlusterfsVolumeSource")),
            field("persistentVolumeClaim", struct("PersistentVolumeClaimVolumeSource")),
            field("rbd", struct("RBDVolumeSource")),
            field("flexVolume", struct("FlexVolumeSource", field("driver", STRING))),
            field("cinder", struct("CinderVolumeSource")),
            field("cephfs", struct("CephFSVolumeSource")),
            field("flocker", struct("FlockerVolumeSource")),
            field("downwardAPI", struct("DownwardAPIVolumeSource")),
            field("fc", struct("FCVolumeSource")),
            field("azureFile", struct("AzureFileVolumeSource")),
            field("configMap", struct("ConfigMapVolumeSource")),
            field("vsphereVolume", struct("VsphereVirtualDiskVolumeSource")),
            field("quobyte", struct("QuobyteVolumeSource")),
            field("azureDisk", struct("AzureDiskVolumeSource")),
            field("photonPersistentDisk", struct("PhotonPersistentDiskVolumeSource")),
            field("projected", struct("ProjectedVolumeSource", field("sources", sliceOf(VOLUME_PROJECTION)))),
            field("portworxVolume", struct("PortworxVolumeSource")),
            field("scaleIO", struct("ScaleIOVolumeSource")),
            field("storageos", struct("StorageOSVolumeSource")),
            field("csi", struct("CSIVolumeSource", field("driver", STRING))),
            field("ephemeral", struct("EphemeralVolumeSource")),
            field("image", struct("ImageVolumeSource")));

    private static final FieldType POD_SPEC = struct("PodSpec",
            field("volumes", sliceOf(VOLUME)),
            field("initContainers", sliceOf(CONTAINER)),
            field("containers", sliceOf(CONTAINER)),
            // an ephemeral container inlines the fields it shares with a container
            field("ephemeralContainers", sliceOf(CONTAINER.inlinedIn("EphemeralContainer"))),
            field("serviceAccountName", STRING),
            field("hostNetwork", BOOL),
            field("hostPID", BOOL),
            field("hostIPC", BOOL),
            field("shareProcessNamespace", BOOL),
            field("securityContext", POD_SECURITY_CONTEXT),
            field("runtimeClassName", STRING),
            field("os", struct("PodOS", field("name", string("v1.OSName")))),
            field("hostUsers", BOOL));

    private static final FieldType POD_TEMPLATE_SPEC = struct("PodTemplateSpec",
            field("metadata", OBJECT_META),
            field("spec", POD_SPEC));

    /** An object of a kind whose spec holds a pod template under {@code template}. */
    private static FieldType workload(String kind, String spec) {
        return struct(kind,
                field("metadata", OBJECT_META),
                field("spec", struct(spec, field("template", POD_TEMPLATE_SPEC))));
    }

    /** The kinds built into Kubernetes that hold a pod, by kind. */
    private static final Map<String, FieldType> KINDS = Map.of(
            "Pod", struct("Pod", field("metadata", OBJECT_META), field("spec", POD_SPEC)),
            "PodTemplate", struct("PodTemplate", field("metadata", OBJECT_META), field("template", POD_TEMPLATE_SPEC)),
            "Deployment", workload("Deployment", "DeploymentSpec"),
            "ReplicaSet", workload("ReplicaSet", "ReplicaSetSpec"),
            "ReplicationController", workload("ReplicationController", "ReplicationControllerSpec"),
            "StatefulSet", workload("StatefulSet", "StatefulSetSpec"),
            "DaemonSet", workload("DaemonSet", "DaemonSetSpec"),
            "Job", workload("Job", "JobSpec"),
            "CronJob", struct("CronJob", field("metadata", OBJECT_META), field("spec", struct("CronJobSpec",
                    field("jobTemplate", struct("JobTemplateSpec",
                            field("metadata", OBJECT_META),
                            field("spec", struct("JobSpec", field("template", POD_TEMPLATE_SPEC)))))))));

    private PodSpecSchema() {
    }

    /**
     * Refuses the object as the API server's decoder would when a pod field listed here holds a value of another
     * JSON type, or a number its Go integer cannot hold. The message is the API server's, with the kind and the
     * Go field path ({@code Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal
     * string into Go struct field PodSpec.spec.template.spec.hostNetwork of type bool}); the place is the value's.
     * A kind not built into Kubernetes that holds a pod template (see {@link PodTemplates}) has its template
     * checked and is worded the same way. The first refused value is the decoder's first: in the order written for
     * JSON, with every mapping's keys sorted for YAML (which reaches the decoder through a Go map).
     */
    public static void check(KubernetesObject object) throws ManifestException {
        String kind = object.kind();
        FieldType type = KINDS.get(kind);
        FieldType.Mismatch mismatch;
        boolean sorted = object.writtenInYaml();
        if (type != null) {
            mismatch = type.mismatch(object.root(), null, sorted);
        } else if (PodTemplates.of(object).isPresent()) {
            mismatch = POD_TEMPLATE_SPEC.mismatch(object.root().get("spec").get("template"), null, sorted);
            mismatch = mismatch == null ? null : mismatch.under("template").under("spec");
        } else {
            return;
        }
        if (mismatch == null) {
            return;
        }
        String apiVersion = object.apiVersion();
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String message = mismatch.unencodable() != null
                // YAML that cannot become JSON fails before the object's kind is read
                ? "the object provided is unrecognized (must be of type " + kind + "): " + mismatch.message()
                : kind + " in version \"" + version + "\" cannot be handled as a " + kind + ": " + mismatch.message();
        throw new ManifestException(message, object.document(), mismatch.node().position());
    }
}

package io.kubepolicycheck.validator.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.ManifestException;
import io.kubepolicycheck.validator.render.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * A pod field of the wrong JSON type is refused as the API server's decoder refuses it (HTTP 400, in Go's words),
 * before anything judges the object; the error points at the value. Expected messages are upstream's wording,
 * e.g. {@code Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal object into Go
 * struct field PodSpec.spec.template.spec.tolerations of type []v1.Toleration}.
 */
class PodSpecSchemaTest {
    private static final Validator VALIDATOR = new Validator();
    private static final String POD_PREFIX = "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal ";

    private static List<KubernetesObject> parse(String text) throws ManifestException {
        return VALIDATOR.parse(new ManifestInput(null, text.getBytes(StandardCharsets.UTF_8)));
    }

    private static ManifestException refusal(String text) {
        return assertThrows(ManifestException.class, () -> parse(text), text);
    }

    /**
     * One mistyped value at {@code path} of a Pod (dot-separated; {@code []} after a name makes it a list of one
     * item), written as {@code yaml} and as {@code json}. {@code at} is the part of the value the error points to
     * (an element of a list), and the message names the JSON type of each ({@code yamlWord}, {@code jsonWord}).
     */
    record Case(String path, String yaml, String json, String at, String yamlWord, String jsonWord, String field,
                String goType) {
        @Override
        public String toString() {
            return path + ": " + yaml + " -> " + goType;
        }
    }

    /** A case whose value means the same in YAML and, written out by Jackson, in JSON. */
    private static Case of(String path, String value, String word, String field, String goType) {
        try {
            String json = Json.MAPPER.writeValueAsString(new Yaml().load(value));
            return new Case(path, value, json, null, word, word, field, goType);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(value, e);
        }
    }

    static Stream<Case> mistyped() {
        return Stream.of(
                // bool
                of("spec.hostNetwork", "\"true\"", "string", "PodSpec.spec.hostNetwork", "bool"),
                of("spec.hostPID", "1", "number", "PodSpec.spec.hostPID", "bool"),
                of("spec.hostIPC", "[true]", "array", "PodSpec.spec.hostIPC", "bool"),
                new Case("spec.hostUsers", "{a: b}", "{\"a\": \"b\"}", null, "object", "object",
                        "PodSpec.spec.hostUsers", "bool"),
                of("spec.shareProcessNamespace", "\"yes\"", "string", "PodSpec.spec.shareProcessNamespace", "bool"),
                of("spec.securityContext.runAsNonRoot", "\"true\"", "string",
                        "PodSecurityContext.spec.securityContext.runAsNonRoot", "bool"),
                of("spec.securityContext.windowsOptions.hostProcess", "\"true\"", "string",
                        "WindowsSecurityContextOptions.spec.securityContext.windowsOptions.hostProcess", "bool"),
                of("spec.containers[].securityContext.privileged", "1", "number",
                        "SecurityContext.spec.containers.securityContext.privileged", "bool"),
                of("spec.containers[].securityContext.allowPrivilegeEscalation", "\"false\"", "string",
                        "SecurityContext.spec.containers.securityContext.allowPrivilegeEscalation", "bool"),
                of("spec.initContainers[].securityContext.readOnlyRootFilesystem", "0", "number",
                        "SecurityContext.spec.initContainers.securityContext.readOnlyRootFilesystem", "bool"),
                of("spec.containers[].securityContext.runAsNonRoot", "\"no\"", "string",
                        "SecurityContext.spec.containers.securityContext.runAsNonRoot", "bool"),
                of("spec.containers[].securityContext.windowsOptions.hostProcess", "\"yes\"", "string",
                        "WindowsSecurityContextOptions.spec.containers.securityContext.windowsOptions.hostProcess", "bool"),
                of("spec.containers[].volumeMounts[].readOnly", "\"true\"", "string",
                        "VolumeMount.spec.containers.volumeMounts.readOnly", "bool"),
                // int64
                of("spec.securityContext.runAsUser", "\"0\"", "string", "PodSecurityContext.spec.securityContext.runAsUser",
                        "int64"),
                of("spec.securityContext.runAsGroup", "true", "bool", "PodSecurityContext.spec.securityContext.runAsGroup",
                        "int64"),
                of("spec.securityContext.fsGroup", "9223372036854775808", "number 9223372036854775808",
                        "PodSecurityContext.spec.securityContext.fsGroup", "int64"),
                of("spec.containers[].securityContext.runAsUser", "1.5", "number 1.5",
                        "SecurityContext.spec.containers.securityContext.runAsUser", "int64"),
                of("spec.containers[].securityContext.runAsGroup", "[0]", "array",
                        "SecurityContext.spec.containers.securityContext.runAsGroup", "int64"),
                new Case("spec.securityContext.supplementalGroups", "[1000, \"0\"]", "[1000, \"0\"]", "\"0\"", "string",
                        "string", "PodSecurityContext.spec.securityContext.supplementalGroups", "int64"),
                // int32
                of("spec.containers[].ports[].hostPort", "80.5", "number 80.5", "ContainerPort.spec.containers.ports.hostPort",
                        "int32"),
                of("spec.containers[].ports[].containerPort", "2147483648", "number 2147483648",
                        "ContainerPort.spec.containers.ports.containerPort", "int32"),
                of("spec.ephemeralContainers[].ports[].hostPort", "\"80\"", "string",
                        "ContainerPort.spec.ephemeralContainers.ports.hostPort", "int32"),
                // string and the API's named string types
                of("spec.serviceAccountName", "[default]", "array", "PodSpec.spec.serviceAccountName", "string"),
                new Case("spec.runtimeClassName", "{}", "{}", null, "object", "object", "PodSpec.spec.runtimeClassName",
                        "string"),
                of("spec.os.name", "1", "number", "PodOS.spec.os.name", "v1.OSName"),
                of("spec.containers[].name", "true", "bool", "Container.spec.containers.name", "string"),
                new Case("spec.containers[].image", "yes", "true", null, "bool", "bool", "Container.spec.containers.image",
                        "string"),
                of("spec.containers[].ports[].protocol", "6", "number", "ContainerPort.spec.containers.ports.protocol",
                        "v1.Protocol"),
                of("spec.containers[].volumeMounts[].name", "1", "number", "VolumeMount.spec.containers.volumeMounts.name",
                        "string"),
                of("spec.containers[].securityContext.procMount", "0", "number",
                        "SecurityContext.spec.containers.securityContext.procMount", "v1.ProcMountType"),
                of("spec.containers[].securityContext.capabilities.add", "NET_RAW", "string",
                        "Capabilities.spec.containers.securityContext.capabilities.add", "[]v1.Capability"),
                new Case("spec.containers[].securityContext.capabilities.drop", "[ALL, 1]", "[\"ALL\", 1]", "1", "number",
                        "number", "Capabilities.spec.containers.securityContext.capabilities.drop", "v1.Capability"),
                of("spec.containers[].securityContext.seLinuxOptions.type", "1", "number",
                        "SELinuxOptions.spec.containers.securityContext.seLinuxOptions.type", "string"),
                of("spec.securityContext.seLinuxOptions.level", "0", "number",
                        "SELinuxOptions.spec.securityContext.seLinuxOptions.level", "string"),
                of("spec.securityContext.seccompProfile.type", "1", "number",
                        "SeccompProfile.spec.securityContext.seccompProfile.type", "v1.SeccompProfileType"),
                of("spec.containers[].securityContext.seccompProfile.localhostProfile", "[p]", "array",
                        "SeccompProfile.spec.containers.securityContext.seccompProfile.localhostProfile", "string"),
                of("spec.containers[].securityContext.appArmorProfile.type", "true", "bool",
                        "AppArmorProfile.spec.containers.securityContext.appArmorProfile.type", "v1.AppArmorProfileType"),
                of("spec.securityContext.appArmorProfile.localhostProfile", "1", "number",
                        "AppArmorProfile.spec.securityContext.appArmorProfile.localhostProfile", "string"),
                of("spec.securityContext.windowsOptions.runAsUserName", "0", "number",
                        "WindowsSecurityContextOptions.spec.securityContext.windowsOptions.runAsUserName", "string"),
                of("spec.securityContext.sysctls[].name", "1", "number", "Sysctl.spec.securityContext.sysctls.name",
                        "string"),
                of("spec.securityContext.sysctls[].value", "1", "number", "Sysctl.spec.securityContext.sysctls.value",
                        "string"),
                of("spec.containers[].livenessProbe.httpGet.host", "1", "number",
                        "HTTPGetAction.spec.containers.livenessProbe.httpGet.host", "string"),
                of("spec.containers[].lifecycle.preStop.tcpSocket.host", "[h]", "array",
                        "TCPSocketAction.spec.containers.lifecycle.preStop.tcpSocket.host", "string"),
                of("spec.volumes[].name", "1", "number", "Volume.spec.volumes.name", "string"),
                of("spec.volumes[].hostPath.path", "1", "number", "HostPathVolumeSource.spec.volumes.hostPath.path",
                        "string"),
                of("spec.volumes[].hostPath.type", "1", "number", "HostPathVolumeSource.spec.volumes.hostPath.type",
                        "v1.HostPathType"),
                of("spec.volumes[].flexVolume.driver", "1", "number", "FlexVolumeSource.spec.volumes.flexVolume.driver",
                        "string"),
                of("spec.volumes[].csi.driver", "true", "bool", "CSIVolumeSource.spec.volumes.csi.driver", "string"),
                of("spec.volumes[].projected.sources[].serviceAccountToken.path", "1", "number",
                        "ServiceAccountTokenProjection.spec.volumes.projected.sources.serviceAccountToken.path", "string"),
                of("spec.volumes[].projected.sources[].configMap.items[].key", "1", "number",
                        "KeyToPath.spec.volumes.projected.sources.configMap.items.key", "string"),
                of("spec.volumes[].projected.sources[].downwardAPI.items[].fieldRef.fieldPath", "1", "number",
                        "ObjectFieldSelector.spec.volumes.projected.sources.downwardAPI.items.fieldRef.fieldPath", "string"),
                of("metadata.namespace", "5", "number", "ObjectMeta.metadata.namespace", "string"),
                of("metadata.name", "[p]", "array", "ObjectMeta.metadata.name", "string"),
                // map[string]string: a value's path is the map's, as Go's error context has no map keys
                of("metadata.annotations", "[a]", "array", "ObjectMeta.metadata.annotations", "map[string]string"),
                of("metadata.annotations.seccomp", "1", "number", "ObjectMeta.metadata.annotations", "string"),
                of("metadata.labels.app", "true", "bool", "ObjectMeta.metadata.labels", "string"),
                // structs and slices of them
                of("metadata", "\"p\"", "string", "Pod.metadata", "v1.ObjectMeta"),
                of("spec", "[]", "array", "Pod.spec", "v1.PodSpec"),
                new Case("spec.containers", "{}", "{}", null, "object", "object", "PodSpec.spec.containers",
                        "[]v1.Container"),
                new Case("spec.containers", "[1]", "[1]", "1", "number", "number", "PodSpec.spec.containers",
                        "v1.Container"),
                of("spec.initContainers", "\"x\"", "string", "PodSpec.spec.initContainers", "[]v1.Container"),
                of("spec.ephemeralContainers", "1", "number", "PodSpec.spec.ephemeralContainers", "[]v1.EphemeralContainer"),
                of("spec.ephemeralContainers[].securityContext", "[]", "array",
                        "EphemeralContainer.spec.ephemeralContainers.securityContext", "v1.SecurityContext"),
                of("spec.containers[].securityContext", "\"privileged\"", "string", "Container.spec.containers.securityContext",
                        "v1.SecurityContext"),
                of("spec.containers[].securityContext.capabilities", "[NET_RAW]", "array",
                        "SecurityContext.spec.containers.securityContext.capabilities", "v1.Capabilities"),
                of("spec.containers[].securityContext.seccompProfile", "RuntimeDefault", "string",
                        "SecurityContext.spec.containers.securityContext.seccompProfile", "v1.SeccompProfile"),
                of("spec.containers[].ports", "80", "number", "Container.spec.containers.ports", "[]v1.ContainerPort"),
                of("spec.containers[].volumeMounts", "data", "string", "Container.spec.containers.volumeMounts",
                        "[]v1.VolumeMount"),
                of("spec.containers[].livenessProbe", "[]", "array", "Container.spec.containers.livenessProbe", "v1.Probe"),
                of("spec.containers[].lifecycle.postStart", "sleep", "string",
                        "Lifecycle.spec.containers.lifecycle.postStart", "v1.LifecycleHandler"),
                of("spec.securityContext", "true", "bool", "PodSpec.spec.securityContext", "v1.PodSecurityContext"),
                new Case("spec.securityContext.sysctls", "{a: b}", "{\"a\": \"b\"}", null, "object", "object",
                        "PodSecurityContext.spec.securityContext.sysctls", "[]v1.Sysctl"),
                of("spec.securityContext.supplementalGroups", "1000", "number",
                        "PodSecurityContext.spec.securityContext.supplementalGroups", "[]int64"),
                of("spec.securityContext.seLinuxOptions", "s0", "string", "PodSecurityContext.spec.securityContext.seLinuxOptions",
                        "v1.SELinuxOptions"),
                of("spec.os", "linux", "string", "PodSpec.spec.os", "v1.PodOS"),
                new Case("spec.volumes", "{}", "{}", null, "object", "object", "PodSpec.spec.volumes", "[]v1.Volume"),
                of("spec.volumes[].hostPath", "/etc", "string", "Volume.spec.volumes.hostPath", "v1.HostPathVolumeSource"),
                of("spec.volumes[].emptyDir", "true", "bool", "Volume.spec.volumes.emptyDir", "v1.EmptyDirVolumeSource"),
                of("spec.volumes[].projected.sources", "token", "string", "ProjectedVolumeSource.spec.volumes.projected.sources",
                        "[]v1.VolumeProjection"),
                of("metadata.generateName", "1", "number", "ObjectMeta.metadata.generateName", "string"),
                of("spec.securityContext.appArmorProfile", "Unconfined", "string",
                        "PodSecurityContext.spec.securityContext.appArmorProfile", "v1.AppArmorProfile"),
                of("spec.containers[].securityContext.windowsOptions", "true", "bool",
                        "SecurityContext.spec.containers.securityContext.windowsOptions", "v1.WindowsSecurityContextOptions"),
                of("spec.containers[].readinessProbe.httpGet", "/healthz", "string",
                        "Probe.spec.containers.readinessProbe.httpGet", "v1.HTTPGetAction"),
                of("spec.containers[].startupProbe.tcpSocket", "80", "number", "Probe.spec.containers.startupProbe.tcpSocket",
                        "v1.TCPSocketAction"),
                of("spec.containers[].lifecycle", "[]", "array", "Container.spec.containers.lifecycle", "v1.Lifecycle"),
                of("spec.containers[].lifecycle.postStart.httpGet", "[]", "array",
                        "LifecycleHandler.spec.containers.lifecycle.postStart.httpGet", "v1.HTTPGetAction"),
                new Case("spec.containers[].ports", "[80]", "[80]", "80", "number", "number", "Container.spec.containers.ports",
                        "v1.ContainerPort"),
                new Case("spec.containers[].volumeMounts", "[true]", "[true]", "true", "bool", "bool",
                        "Container.spec.containers.volumeMounts", "v1.VolumeMount"),
                new Case("spec.ephemeralContainers", "[[]]", "[[]]", "[]", "array", "array", "PodSpec.spec.ephemeralContainers",
                        "v1.EphemeralContainer"),
                new Case("spec.volumes", "[1]", "[1]", "1", "number", "number", "PodSpec.spec.volumes", "v1.Volume"),
                new Case("spec.securityContext.sysctls", "[1]", "[1]", "1", "number", "number",
                        "PodSecurityContext.spec.securityContext.sysctls", "v1.Sysctl"),
                of("spec.volumes[].projected", "[token]", "array", "Volume.spec.volumes.projected", "v1.ProjectedVolumeSource"),
                new Case("spec.volumes[].projected.sources", "[1]", "[1]", "1", "number", "number",
                        "ProjectedVolumeSource.spec.volumes.projected.sources", "v1.VolumeProjection"),
                of("spec.volumes[].projected.sources[].serviceAccountToken", "true", "bool",
                        "VolumeProjection.spec.volumes.projected.sources.serviceAccountToken",
                        "v1.ServiceAccountTokenProjection"),
                of("spec.volumes[].projected.sources[].serviceAccountToken.audience", "1", "number",
                        "ServiceAccountTokenProjection.spec.volumes.projected.sources.serviceAccountToken.audience", "string"),
                of("spec.volumes[].projected.sources[].configMap", "ca", "string",
                        "VolumeProjection.spec.volumes.projected.sources.configMap", "v1.ConfigMapProjection"),
                of("spec.volumes[].projected.sources[].configMap.name", "1", "number",
                        "ConfigMapProjection.spec.volumes.projected.sources.configMap.name", "string"),
                new Case("spec.volumes[].projected.sources[].configMap.items", "{}", "{}", null, "object", "object",
                        "ConfigMapProjection.spec.volumes.projected.sources.configMap.items", "[]v1.KeyToPath"),
                new Case("spec.volumes[].projected.sources[].configMap.items", "[1]", "[1]", "1", "number", "number",
                        "ConfigMapProjection.spec.volumes.projected.sources.configMap.items", "v1.KeyToPath"),
                of("spec.volumes[].projected.sources[].configMap.items[].path", "1", "number",
                        "KeyToPath.spec.volumes.projected.sources.configMap.items.path", "string"),
                of("spec.volumes[].projected.sources[].downwardAPI", "1", "number",
                        "VolumeProjection.spec.volumes.projected.sources.downwardAPI", "v1.DownwardAPIProjection"),
                of("spec.volumes[].projected.sources[].downwardAPI.items", "namespace", "string",
                        "DownwardAPIProjection.spec.volumes.projected.sources.downwardAPI.items", "[]v1.DownwardAPIVolumeFile"),
                new Case("spec.volumes[].projected.sources[].downwardAPI.items", "[1]", "[1]", "1", "number", "number",
                        "DownwardAPIProjection.spec.volumes.projected.sources.downwardAPI.items", "v1.DownwardAPIVolumeFile"),
                of("spec.volumes[].projected.sources[].downwardAPI.items[].path", "1", "number",
                        "DownwardAPIVolumeFile.spec.volumes.projected.sources.downwardAPI.items.path", "string"),
                of("spec.volumes[].projected.sources[].downwardAPI.items[].fieldRef", "metadata.namespace", "string",
                        "DownwardAPIVolumeFile.spec.volumes.projected.sources.downwardAPI.items.fieldRef",
                        "v1.ObjectFieldSelector"),
                of("spec.volumes[].projected.sources[].downwardAPI.items[].fieldRef.apiVersion", "1", "number",
                        "ObjectFieldSelector.spec.volumes.projected.sources.downwardAPI.items.fieldRef.apiVersion", "string"));
    }

    /** Every volume source a volume may hold is an object of its own Go type. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "hostPath, HostPathVolumeSource", "emptyDir, EmptyDirVolumeSource",
            "gcePersistentDisk, GCEPersistentDiskVolumeSource", "awsElasticBlockStore, AWSElasticBlockStoreVolumeSource",
            "gitRepo, GitRepoVolumeSource", "secret, SecretVolumeSource", "nfs, NFSVolumeSource",
            "iscsi, ISCSIVolumeSource", "glusterfs, GlusterfsVolumeSource",
            "persistentVolumeClaim, PersistentVolumeClaimVolumeSource", "rbd, RBDVolumeSource",
            "flexVolume, FlexVolumeSource", "cinder, CinderVolumeSource", "cephfs, CephFSVolumeSource",
            "flocker, FlockerVolumeSource", "downwardAPI, DownwardAPIVolumeSource", "fc, FCVolumeSource",
            "azureFile, AzureFileVolumeSource", "configMap, ConfigMapVolumeSource",
            "vsphereVolume, VsphereVirtualDiskVolumeSource", "quobyte, QuobyteVolumeSource",
            "azureDisk, AzureDiskVolumeSource", "photonPersistentDisk, PhotonPersistentDiskVolumeSource",
            "projected, ProjectedVolumeSource", "portworxVolume, PortworxVolumeSource", "scaleIO, ScaleIOVolumeSource",
            "storageos, StorageOSVolumeSource", "csi, CSIVolumeSource", "ephemeral, EphemeralVolumeSource",
            "image, ImageVolumeSource"})
    void everyVolumeSourceIsAnObject(String source, String goType) {
        Case c = of("spec.volumes[]." + source, "\"x\"", "string", "Volume.spec.volumes." + source, "v1." + goType);
        assertRefused(yaml(c.path(), c.yaml()), null, "string", c);
        assertRefused(json(c.path(), c.json()), null, "string", c);
    }

    /** The text of a Pod with {@code value} at {@code path}, in YAML, and the offset where the value starts. */
    private record Written(String text, int valueOffset) {
    }

    private static Written yaml(String path, String value) {
        StringBuilder out = new StringBuilder("apiVersion: v1\nkind: Pod\n");
        String[] segments = path.split("\\.");
        int indent = 0;
        boolean item = false;
        int offset = -1;
        for (int i = 0; i < segments.length; i++) {
            boolean list = segments[i].endsWith("[]");
            String key = list ? segments[i].substring(0, segments[i].length() - 2) : segments[i];
            out.append(item ? " ".repeat(indent - 2) + "- " : " ".repeat(indent)).append(key).append(':');
            item = false;
            if (i == segments.length - 1) {
                out.append(' ');
                offset = out.length();
                out.append(value);
            } else {
                indent += 2;
                item = list;
                indent += list ? 2 : 0;
            }
            out.append('\n');
        }
        return new Written(out.toString(), offset);
    }

    private static Written json(String path, String value) {
        StringBuilder out = new StringBuilder("{\"apiVersion\": \"v1\", \"kind\": \"Pod\"");
        List<String> closing = new ArrayList<>();
        String[] segments = path.split("\\.");
        int offset = -1;
        for (int i = 0; i < segments.length; i++) {
            boolean list = segments[i].endsWith("[]");
            String key = list ? segments[i].substring(0, segments[i].length() - 2) : segments[i];
            out.append(i == 0 ? ", " : "").append('"').append(key).append("\": ");
            if (i == segments.length - 1) {
                offset = out.length();
                out.append(value);
            } else {
                out.append(list ? "[{" : "{");
                closing.add(0, list ? "}]" : "}");
            }
        }
        closing.forEach(out::append);
        return new Written(out.append('}').toString(), offset);
    }

    /** Line and column (from 1) of an offset. */
    private static int[] position(String text, int offset) {
        int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        int line = (int) text.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1;
        return new int[] {line, offset - lineStart + 1};
    }

    private static void assertRefused(Written written, String at, String word, Case c) {
        ManifestException e = refusal(written.text());
        assertEquals(POD_PREFIX + word + " into Go struct field " + c.field() + " of type " + c.goType(), e.getMessage());
        int[] expected = position(written.text(), written.valueOffset()
                + (at == null ? 0 : written.text().substring(written.valueOffset()).indexOf(at)));
        assertEquals(0, e.document());
        assertEquals(expected[0], e.line(), "line of " + written.text());
        assertEquals(expected[1], e.column(), "column of " + written.text());
    }

    @ParameterizedTest(name = "YAML {0}")
    @MethodSource("mistyped")
    void aMistypedYamlFieldIsRefusedWhereItsValueStands(Case c) {
        assertRefused(yaml(c.path(), c.yaml()), c.at(), c.yamlWord(), c);
    }

    @ParameterizedTest(name = "JSON {0}")
    @MethodSource("mistyped")
    void aMistypedJsonFieldIsRefusedWhereItsValueStands(Case c) {
        assertRefused(json(c.path(), c.json()), c.at(), c.jsonWord(), c);
    }

    @Test
    void aWorkloadsPathIsItsTemplates() {
        ManifestException e = refusal("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      hostNetwork: "true"
                      containers: [{name: web, image: nginx}]
                """);
        assertEquals("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go "
                + "struct field PodSpec.spec.template.spec.hostNetwork of type bool", e.getMessage());
        assertEquals(List.of(0, 7, 20), List.of(e.document(), e.line(), e.column()));
    }

    @Test
    void everyPodBearingKindIsDecodedWithItsOwnTypes() {
        String template = "{spec: {containers: [{name: a, securityContext: {privileged: 1}}]}}";
        String[][] kinds = {
                {"apps/v1", "ReplicaSet", "spec: {template: " + template + "}", "spec.template.spec"},
                {"v1", "ReplicationController", "spec: {template: " + template + "}", "spec.template.spec"},
                {"apps/v1", "StatefulSet", "spec: {template: " + template + "}", "spec.template.spec"},
                {"apps/v1", "DaemonSet", "spec: {template: " + template + "}", "spec.template.spec"},
                {"batch/v1", "Job", "spec: {template: " + template + "}", "spec.template.spec"},
                {"batch/v1", "CronJob", "spec: {jobTemplate: {spec: {template: " + template + "}}}",
                        "spec.jobTemplate.spec.template.spec"},
                {"v1", "PodTemplate", "template: " + template, "template.spec"},
                // a kind Kubernetes does not know but that holds a pod template is read as one
                {"apps.kruise.io/v1alpha1", "CloneSet", "spec: {template: " + template + "}", "spec.template.spec"}};
        for (String[] k : kinds) {
            ManifestException e = refusal("apiVersion: " + k[0] + "\nkind: " + k[1] + "\nmetadata: {name: x}\n" + k[2] + "\n");
            String version = k[0].substring(k[0].indexOf('/') + 1);
            assertEquals(k[1] + " in version \"" + version + "\" cannot be handled as a " + k[1] + ": json: cannot "
                    + "unmarshal number into Go struct field SecurityContext." + k[3]
                    + ".containers.securityContext.privileged of type bool", e.getMessage());
            assertEquals(4, e.line(), k[1]);
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "apps/v1, Deployment, spec, Deployment.spec, v1.DeploymentSpec",
            "apps/v1, ReplicaSet, spec, ReplicaSet.spec, v1.ReplicaSetSpec",
            "v1, ReplicationController, spec, ReplicationController.spec, v1.ReplicationControllerSpec",
            "apps/v1, StatefulSet, spec, StatefulSet.spec, v1.StatefulSetSpec",
            "apps/v1, DaemonSet, spec, DaemonSet.spec, v1.DaemonSetSpec",
            "batch/v1, Job, spec, Job.spec, v1.JobSpec",
            "batch/v1, CronJob, spec, CronJob.spec, v1.CronJobSpec",
            "batch/v1, CronJob, spec: {jobTemplate: {spec, JobTemplateSpec.spec.jobTemplate.spec, v1.JobSpec",
            "v1, PodTemplate, template, PodTemplate.template, v1.PodTemplateSpec",
            "apps/v1, Deployment, spec: {template: {metadata, PodTemplateSpec.spec.template.metadata, v1.ObjectMeta",
            "apps/v1, Deployment, metadata, Deployment.metadata, v1.ObjectMeta"})
    void theWrappersOfEachKindAreTheirGoStructs(String apiVersion, String kind, String opening, String field, String goType) {
        String closing = "}".repeat((int) opening.chars().filter(c -> c == '{').count());
        ManifestException e = refusal("apiVersion: " + apiVersion + "\nkind: " + kind + "\n" + opening + ": [x]" + closing
                + "\n");
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        assertEquals(kind + " in version \"" + version + "\" cannot be handled as a " + kind + ": json: cannot unmarshal "
                + "array into Go struct field " + field + " of type " + goType, e.getMessage());
    }

    @Test
    void aWorkloadsOwnStructsAreDecodedToo() {
        assertEquals("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go "
                        + "struct field DeploymentSpec.spec.template of type v1.PodTemplateSpec",
                refusal("apiVersion: apps/v1\nkind: Deployment\nspec:\n  template: web\n").getMessage());
        assertEquals("CronJob in version \"v1\" cannot be handled as a CronJob: json: cannot unmarshal array into Go "
                        + "struct field CronJobSpec.spec.jobTemplate of type v1.JobTemplateSpec",
                refusal("apiVersion: batch/v1\nkind: CronJob\nspec: {jobTemplate: []}\n").getMessage());
        assertEquals("Job in version \"v1\" cannot be handled as a Job: json: cannot unmarshal number into Go struct field "
                        + "ObjectMeta.spec.template.metadata.annotations of type string",
                refusal("apiVersion: batch/v1\nkind: Job\nspec: {template: {metadata: {annotations: {a: 1}}}}\n")
                        .getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"~", "null", "", "Null"})
    void nullIsAcceptedAnywhereItMeansUnset(String nothing) throws Exception {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: p, namespace: NIL, labels: NIL, annotations: {a: NIL}}
                spec:
                  hostNetwork: NIL
                  hostUsers: NIL
                  securityContext: {runAsUser: NIL, supplementalGroups: [NIL], sysctls: NIL, seccompProfile: NIL}
                  volumes: NIL
                  initContainers: NIL
                  containers:
                  - NIL
                  - name: app
                    image: NIL
                    ports: [{hostPort: NIL, containerPort: NIL}]
                    securityContext: {privileged: NIL, capabilities: {add: NIL, drop: [NIL]}, procMount: NIL}
                """.replace("NIL", nothing);
        assertEquals(1, parse(pod).size());
        String json = """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": null, "annotations": {"a": null}},
                 "spec": {"hostNetwork": null, "securityContext": {"runAsUser": null, "supplementalGroups": [null]},
                          "containers": [null, {"name": "app", "ports": [{"hostPort": null}],
                                                "securityContext": {"privileged": null, "capabilities": {"add": null}}}]}}
                """;
        assertEquals(1, parse(json).size());
    }

    @Test
    void aWellTypedPodIsUnaffected() throws Exception {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: full
                  namespace: team
                  labels: {app: full}
                  annotations: {seccomp.security.alpha.kubernetes.io/pod: runtime/default, "1": "2"}
                spec:
                  hostNetwork: false
                  hostPID: no
                  hostIPC: off
                  hostUsers: true
                  shareProcessNamespace: y
                  serviceAccountName: app
                  runtimeClassName: gvisor
                  os: {name: linux}
                  securityContext:
                    runAsUser: 1000
                    runAsGroup: 0x3E8
                    fsGroup: 2000
                    runAsNonRoot: true
                    supplementalGroups: [1, 0o17, 1_000]
                    sysctls: [{name: kernel.shm_rmid_forced, value: "0"}]
                    seLinuxOptions: {user: u, role: r, type: t, level: "s0:c1"}
                    seccompProfile: {type: Localhost, localhostProfile: p.json}
                    appArmorProfile: {type: RuntimeDefault}
                    windowsOptions: {hostProcess: false, runAsUserName: "NT AUTHORITY\\\\SYSTEM"}
                  volumes:
                  - {name: host, hostPath: {path: /var/log, type: Directory}}
                  - {name: scratch, emptyDir: {}}
                  - name: token
                    projected:
                      sources:
                      - serviceAccountToken: {path: token, audience: api}
                      - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
                      - downwardAPI: {items: [{path: namespace, fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}}]}
                  - {name: flex, flexVolume: {driver: vendor/x}}
                  - {name: inline, csi: {driver: csi.example.com}}
                  initContainers:
                  - {name: init, image: busybox}
                  containers:
                  - name: app
                    image: nginx
                    ports:
                    - {containerPort: 0x50, hostPort: 8.08e3, protocol: TCP}
                    - {containerPort: 2147483647, hostPort: 0}
                    volumeMounts: [{name: host, mountPath: /logs, readOnly: yes}]
                    livenessProbe: {httpGet: {host: "", port: 80}}
                    readinessProbe: {tcpSocket: {port: 80}}
                    lifecycle: {preStop: {httpGet: {path: /stop, port: 80}}}
                    securityContext:
                      privileged: false
                      allowPrivilegeEscalation: false
                      readOnlyRootFilesystem: true
                      runAsNonRoot: true
                      runAsUser: 9223372036854775807
                      runAsGroup: -9223372036854775808
                      procMount: Default
                      capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}
                      seccompProfile: {type: RuntimeDefault}
                  ephemeralContainers:
                  - {name: debug, image: busybox, targetContainerName: app, securityContext: {runAsUser: 0.0}}
                """;
        List<KubernetesObject> objects = parse(pod);
        assertEquals("full", objects.get(0).name());
    }

    @Test
    void unknownFieldsAndFieldsOutsideTheDescriptionAreLeftToTheApiServer() throws Exception {
        // Go's decoder is case-sensitive and drops unknown fields; fields no check reads are not described.
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: p, finalizers: "x"}
                status: {phase: 1}
                spec:
                  HostNetwork: "true"
                  notAField: {hostNetwork: "true"}
                  containers:
                  - name: app
                    Image: 1
                    securityContext: {Privileged: "true", capabilities: {ADD: NET_RAW}}
                """;
        assertEquals(1, parse(pod).size());
    }

    @Test
    void kindsWithoutAPodAreNotDecoded() throws Exception {
        assertEquals(2, parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: s}
                spec: {hostNetwork: "true", containers: {}}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, annotations: [1]}
                data: {a: 1}
                """).size());
    }

    @Test
    void aWholeYamlFloatIsAnIntegerButAWholeJsonFloatIsNot() throws Exception {
        // YAML reaches the decoder as JSON written by Go, where 80.0 is 80; JSON text is decoded as written.
        assertEquals(1, parse("apiVersion: v1\nkind: Pod\nspec:\n  containers: [{ports: [{hostPort: 80.0}]}]\n").size());
        ManifestException e = refusal("{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": {\"containers\": "
                + "[{\"ports\": [{\"hostPort\": 80.0}]}]}}");
        assertEquals(POD_PREFIX + "number 80.0 into Go struct field ContainerPort.spec.containers.ports.hostPort of type int32",
                e.getMessage());
        assertEquals(POD_PREFIX + "number 1e2 into Go struct field PodSecurityContext.spec.securityContext.runAsUser "
                + "of type int64", refusal("{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": {\"securityContext\": "
                + "{\"runAsUser\": 1e2}}}").getMessage());
    }

    @ParameterizedTest(name = "{0} -> number {1}")
    @CsvSource({
            "0x80000000, 2147483648",
            "-2147483649, -2147483649",
            "1e21, 1e+21",
            "80.50, 80.5",
            "1.5e-7, 1.5e-7",
            "4_294_967_296, 4294967296"})
    void aYamlNumberIsNamedAsTheJsonTheDecoderReads(String yaml, String json) {
        ManifestException e = refusal("apiVersion: v1\nkind: Pod\nspec:\n  containers: [{ports: [{containerPort: " + yaml
                + "}]}]\n");
        assertEquals(POD_PREFIX + "number " + json + " into Go struct field ContainerPort.spec.containers.ports.containerPort "
                + "of type int32", e.getMessage());
    }

    @Test
    void theBoundsOfEachIntegerAreGos() throws Exception {
        assertEquals(1, parse("apiVersion: v1\nkind: Pod\nspec:\n  containers: [{ports: [{containerPort: -2147483648, "
                + "hostPort: 2147483647}]}]\n").size());
        assertEquals(1, parse("{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": {\"securityContext\": "
                + "{\"runAsUser\": -9223372036854775808, \"fsGroup\": 9223372036854775807}}}").size());
        assertEquals(POD_PREFIX + "number -9223372036854775809 into Go struct field PodSecurityContext.spec.securityContext"
                + ".fsGroup of type int64", refusal("{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": "
                + "{\"securityContext\": {\"fsGroup\": -9223372036854775809}}}").getMessage());
    }

    @Test
    void theFirstRefusalIsTheDecodersFirstSortedForYamlAsWrittenForJson() {
        // YAML becomes JSON through a Go map, whose keys are written sorted; JSON is decoded in its own order.
        assertEquals(POD_PREFIX + "number into Go struct field SecurityContext.spec.containers.securityContext.privileged "
                + "of type bool", refusal("""
                apiVersion: v1
                kind: Pod
                spec:
                  containers:
                  - securityContext: {runAsUser: "0", privileged: 1}
                """).getMessage());
        assertEquals(POD_PREFIX + "string into Go struct field SecurityContext.spec.containers.securityContext.runAsUser "
                + "of type int64", refusal("{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": {\"containers\": "
                + "[{\"securityContext\": {\"runAsUser\": \"0\", \"privileged\": 1}}]}}").getMessage());
        // lists keep their order in both; an earlier item wins over a smaller key in a later one
        ManifestException second = refusal("""
                apiVersion: v1
                kind: Pod
                spec:
                  volumes: [{name: v, hostPath: 1}]
                  containers:
                  - {name: a, securityContext: {runAsUser: "0"}}
                  - {name: b, image: 1}
                """);
        assertEquals(POD_PREFIX + "string into Go struct field SecurityContext.spec.containers.securityContext.runAsUser "
                + "of type int64", second.getMessage());
        assertEquals(6, second.line());
    }

    @Test
    void aValueJsonCannotCarryFailsBeforeDecoding() {
        ManifestException e = refusal("apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: \"true\"\n  securityContext: "
                + "{runAsUser: .inf}\n");
        assertEquals("the object provided is unrecognized (must be of type Pod): json: unsupported value: +Inf",
                e.getMessage());
        assertEquals(List.of(5, 32), List.of(e.line(), e.column()));
        assertEquals("the object provided is unrecognized (must be of type Pod): json: unsupported value: NaN",
                refusal("apiVersion: v1\nkind: Pod\nspec:\n  containers: [{image: .nan}]\n").getMessage());
    }

    @Test
    void theOffendingStringIsNeverEchoed() {
        String secret = "s3cr3t-token-value";
        for (String pod : List.of(
                "apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: \"" + secret + "\"\n",
                "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{ports: [{hostPort: " + secret + "}]}]\n",
                "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": {\"securityContext\": {\"runAsUser\": \"" + secret
                        + "\"}}}")) {
            ManifestException e = refusal(pod);
            assertFalse(e.located().contains(secret), e.located());
        }
    }

    @Test
    void theDocumentAndTheListItemAreNamed() {
        String manifest = """
                apiVersion: v1
                kind: Pod
                metadata: {name: ok}
                spec: {containers: [{name: a}]}
                ---
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Pod
                  spec: {containers: [{name: a}]}
                - apiVersion: v1
                  kind: Pod
                  spec: {containers: [{name: b, securityContext: {runAsNonRoot: "true"}}]}
                """;
        ManifestException e = refusal(manifest);
        assertEquals(POD_PREFIX + "string into Go struct field SecurityContext.spec.containers.securityContext.runAsNonRoot "
                + "of type bool", e.getMessage());
        int[] value = position(manifest, manifest.indexOf("\"true\""));
        assertEquals(List.of(1, value[0], value[1]), List.of(e.document(), e.line(), e.column()));
    }
}

package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;

/**
 * A volume of the pod and the source field it uses ({@link VolumeTypes#sourceField}), read once per request for
 * every policy that judges the pod. {@code source} is that field's value, or a missing node for a volume that
 * names no source.
 */
public record PodVolume(Node node, int index, String sourceField, Node source) {
    static PodVolume of(Node volume, int index) {
        String field = VolumeTypes.sourceField(volume);
        return new PodVolume(volume, index, field, volume.get(field));
    }

    /** {@code spec.volumes[0]}: the path relative to the pod. */
    public String path() {
        return "spec.volumes[" + index + "]";
    }

    public String pspType() {
        return VolumeTypes.pspType(sourceField);
    }

    public String sccType() {
        return VolumeTypes.sccType(sourceField);
    }

    /** Where a refusal of the volume's type points: its source, else the volume. */
    public Node anchor() {
        return source.isMissing() ? node : source;
    }
}

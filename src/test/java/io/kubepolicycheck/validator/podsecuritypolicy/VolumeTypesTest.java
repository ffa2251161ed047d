package io.kubepolicycheck.validator.podsecuritypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.kubepolicycheck.validator.manifest.ManifestParser;
import io.kubepolicycheck.validator.manifest.Node;
import org.junit.jupiter.api.Test;

/** A volume's type as upstream's {@code GetVolumeFSType} names it. */
class VolumeTypesTest {
    private static Node volume(String yaml) throws Exception {
        return new ManifestParser().documents("apiVersion: v1\nkind: X\nvolume: " + yaml).get(0).get("volume");
    }

    @Test
    void aVolumeOfSeveralSourcesIsOfTheFirstInUpstreamsOrderWhateverTheOrderWritten() throws Exception {
        assertEquals("hostPath", PodVolume.of(volume("{name: v, secret: {}, hostPath: {path: /}}"), 0).pspType());
        assertEquals("secret", PodVolume.of(volume("{secret: {}, name: v, configMap: {}}"), 0).pspType());
    }

    @Test
    void aSourceThatIsNotAnObjectIsNoSourceAndNoSourceIsAnEmptyDir() throws Exception {
        assertEquals("secret", PodVolume.of(volume("{name: v, hostPath: null, secret: {}}"), 0).pspType());
        assertEquals("emptyDir", PodVolume.of(volume("{name: v}"), 0).pspType());
        assertEquals("emptyDir", VolumeTypes.sourceField(volume("{name: v, unknownSource: {}}")));
    }

    @Test
    void pspAndSccSpellTwoTypesDifferently() throws Exception {
        assertEquals("cephfs", VolumeTypes.sourceField(volume("{name: v, cephfs: {}}")));
        assertEquals("cephFS", PodVolume.of(volume("{name: v, cephfs: {}}"), 0).pspType());
        assertEquals("vsphereVolume", PodVolume.of(volume("{name: v, vsphereVolume: {}}"), 0).pspType());
        assertEquals("vsphere", PodVolume.of(volume("{name: v, vsphereVolume: {}}"), 0).sccType());
        assertEquals("storageOS", PodVolume.of(volume("{name: v, storageos: {}}"), 0).sccType());
    }

    @Test
    void aRefusedVolumePointsAtItsSourceElseAtTheVolume() throws Exception {
        Node hostPath = volume("{name: v, hostPath: {path: /}}");
        PodVolume withSource = PodVolume.of(hostPath, 3);
        assertEquals("spec.volumes[3]", withSource.path());
        assertSame(hostPath.get("hostPath"), withSource.anchor());
        Node bare = volume("{name: v}");
        assertSame(bare, PodVolume.of(bare, 0).anchor());
    }
}

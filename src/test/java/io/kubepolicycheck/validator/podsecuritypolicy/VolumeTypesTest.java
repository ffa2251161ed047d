package io.kubepolicycheck.validator.podsecuritypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals("hostPath", VolumeTypes.pspType(volume("{name: v, secret: {}, hostPath: {path: /}}")));
        assertEquals("secret", VolumeTypes.pspType(volume("{secret: {}, name: v, configMap: {}}")));
    }

    @Test
    void aSourceThatIsNotAnObjectIsNoSourceAndNoSourceIsAnEmptyDir() throws Exception {
        assertEquals("secret", VolumeTypes.pspType(volume("{name: v, hostPath: null, secret: {}}")));
        assertEquals("emptyDir", VolumeTypes.pspType(volume("{name: v}")));
        assertEquals("emptyDir", VolumeTypes.sourceField(volume("{name: v, unknownSource: {}}")));
    }

    @Test
    void pspAndSccSpellTwoTypesDifferently() throws Exception {
        assertEquals("cephfs", VolumeTypes.sourceField(volume("{name: v, cephfs: {}}")));
        assertEquals("cephFS", VolumeTypes.pspType(volume("{name: v, cephfs: {}}")));
        assertEquals("vsphereVolume", VolumeTypes.pspType(volume("{name: v, vsphereVolume: {}}")));
        assertEquals("vsphere", VolumeTypes.sccType(volume("{name: v, vsphereVolume: {}}")));
        assertEquals("storageOS", VolumeTypes.sccType(volume("{name: v, storageos: {}}")));
    }
}

package io.kubepolicycheck.validator.podsecurity;

import io.kubepolicycheck.validator.podsecurity.checks.AllowPrivilegeEscalation;
import io.kubepolicycheck.validator.podsecurity.checks.AppArmorProfile;
import io.kubepolicycheck.validator.podsecurity.checks.CapabilitiesBaseline;
import io.kubepolicycheck.validator.podsecurity.checks.CapabilitiesRestricted;
import io.kubepolicycheck.validator.podsecurity.checks.HostNamespaces;
import io.kubepolicycheck.validator.podsecurity.checks.HostPathVolumes;
import io.kubepolicycheck.validator.podsecurity.checks.HostPorts;
import io.kubepolicycheck.validator.podsecurity.checks.HostProbesAndHostLifecycle;
import io.kubepolicycheck.validator.podsecurity.checks.Privileged;
import io.kubepolicycheck.validator.podsecurity.checks.ProcMount;
import io.kubepolicycheck.validator.podsecurity.checks.ProcMountRestricted;
import io.kubepolicycheck.validator.podsecurity.checks.RestrictedVolumes;
import io.kubepolicycheck.validator.podsecurity.checks.RunAsNonRoot;
import io.kubepolicycheck.validator.podsecurity.checks.RunAsUser;
import io.kubepolicycheck.validator.podsecurity.checks.SeLinuxOptions;
import io.kubepolicycheck.validator.podsecurity.checks.SeccompProfileBaseline;
import io.kubepolicycheck.validator.podsecurity.checks.SeccompProfileRestricted;
import io.kubepolicycheck.validator.podsecurity.checks.Sysctls;
import io.kubepolicycheck.validator.podsecurity.checks.WindowsHostProcess;
import java.util.List;

/** Every Pod Security Standards check, as registered upstream (k8s.io/pod-security-admission/policy). */
public final class PodSecurityChecks {
    private PodSecurityChecks() {
    }

    public static List<PodSecurityCheck> all() {
        return List.of(
                // baseline
                new AppArmorProfile(),
                new CapabilitiesBaseline(),
                new HostNamespaces(),
                new HostPathVolumes(),
                new HostPorts(),
                new HostProbesAndHostLifecycle(),
                new Privileged(),
                new ProcMount(),
                new SeccompProfileBaseline(),
                new SeLinuxOptions(),
                new Sysctls(),
                new WindowsHostProcess(),
                // restricted
                new AllowPrivilegeEscalation(),
                new CapabilitiesRestricted(),
                new ProcMountRestricted(),
                new RestrictedVolumes(),
                new RunAsNonRoot(),
                new RunAsUser(),
                new SeccompProfileRestricted());
    }
}

package io.kubepolicycheck.validator.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubepolicycheck.validator.manifest.ManifestParser;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.Operation;
import io.kubepolicycheck.validator.policy.UserInfo;
import io.kubepolicycheck.validator.workload.PodTemplate;
import io.kubepolicycheck.validator.workload.PodTemplates;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who asks for a pod: its service account, and the user or the controller that creates it. */
class RequestersTest {
    static final AdmissionAttributes JANE = new AdmissionAttributes("dev", Operation.CREATE, new UserInfo("jane", List.of("developers")));

    static PodTemplate template(String yaml) throws Exception {
        return PodTemplates.of(new ManifestParser().parse(yaml, null).get(0)).orElseThrow();
    }

    @Test
    void aPodIsCreatedByTheRequestingUserForItsServiceAccount() throws Exception {
        Requesters r = Requesters.of(template("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  serviceAccountName: builder
                  containers: [{name: c, image: c}]
                """), JANE);
        assertEquals(new Identity("system:serviceaccount:dev:builder",
                List.of("system:serviceaccounts", "system:serviceaccounts:dev")), r.serviceAccount());
        assertEquals(new Identity("jane", List.of("developers", "system:authenticated")), r.creator());
    }

    @Test
    void aServiceAccountRequesterIsInItsServiceAccountGroups() throws Exception {
        // As the service account token authenticator names it, when only the username is given.
        AdmissionAttributes ci = new AdmissionAttributes("dev", Operation.CREATE,
                new UserInfo("system:serviceaccount:ci:deployer", List.of()));
        Requesters r = Requesters.of(template("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: c}]\n"), ci);
        assertEquals(new Identity("system:serviceaccount:ci:deployer",
                List.of("system:serviceaccounts", "system:serviceaccounts:ci", "system:authenticated")), r.creator());
    }

    @Test
    void theDefaultServiceAccountStandsInWhenNoneIsNamed() throws Exception {
        Requesters r = Requesters.of(template("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: c}]\n"),
                AdmissionAttributes.DEFAULT);
        assertEquals("system:serviceaccount:default:default", r.serviceAccount().username());
        assertEquals(new Identity("", List.of("system:authenticated")), r.creator());
        assertEquals(List.of("system:serviceaccounts", "system:serviceaccounts:default"), r.serviceAccount().groups());
    }

    @Test
    void theControllerCreatesTheStatefulSetsPods() throws Exception {
        Requesters r = Requesters.of(template("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  template:
                    spec:
                      containers: [{name: c, image: c}]
                """), JANE);
        assertEquals("system:serviceaccount:kube-system:statefulset-controller", r.creator().username());
        assertEquals("system:serviceaccount:dev:default", r.serviceAccount().username());
    }

    @Test
    void controllersOfEveryWorkloadKind() {
        assertEquals("replicaset-controller", Requesters.controller("Deployment"));
        assertEquals("replicaset-controller", Requesters.controller("ReplicaSet"));
        assertEquals("replication-controller", Requesters.controller("ReplicationController"));
        assertEquals("daemon-set-controller", Requesters.controller("DaemonSet"));
        assertEquals("job-controller", Requesters.controller("Job"));
        assertEquals("job-controller", Requesters.controller("CronJob"));
        assertEquals(null, Requesters.controller("PodTemplate"));
    }
}

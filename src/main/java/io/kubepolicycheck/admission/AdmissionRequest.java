package io.kubepolicycheck.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.validator.policy.UserInfo;

/**
 * The parts of an AdmissionReview's {@code request} that admission reads.
 *
 * @param apiVersion    {@code admission.k8s.io/v1} or {@code admission.k8s.io/v1beta1}; the answer uses the same
 * @param resourceGroup {@code request.resource.group} ({@code ""} for the core group)
 * @param resource      {@code request.resource.resource}, e.g. {@code pods}, {@code deployments}
 * @param subResource   {@code request.subResource}, {@code ""} when none
 * @param object        {@code request.object}, null when absent
 * @param oldObject     {@code request.oldObject}, null when absent
 */
public record AdmissionRequest(String apiVersion, String uid, String resourceGroup, String resource,
                               String subResource, String name, String namespace, String operation,
                               UserInfo userInfo, JsonNode object, JsonNode oldObject) {
    public boolean isPod() {
        return resourceGroup.isEmpty() && "pods".equals(resource);
    }

    /** As Kubernetes prints a group and resource: {@code pods}, {@code deployments.apps}. */
    public String groupResource() {
        return resourceGroup.isEmpty() ? resource : resource + "." + resourceGroup;
    }
}

package io.kubepolicycheck.api;

import static io.kubepolicycheck.api.Requests.get;
import static io.kubepolicycheck.api.Requests.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.DirectoryPolicyStore;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.validator.render.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/policy-sets}: every set a caller may name, with where it comes from and what it holds. */
class ListPolicySetsRouteTest {
    @TempDir
    Path dir;

    private PolicyApi api(Path folder) {
        return new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(),
                folder == null ? null : new DirectoryPolicyStore(folder)), new ApiSettings(4096));
    }

    @Test
    void theBuiltInSetsComeFirstEachWithADescriptionAndEachCanBeChecked() throws Exception {
        PolicyApi api = api(null);
        ApiResponse response = api.handle(get("/v1/policy-sets"));
        assertEquals(200, response.status(), response.body());
        assertEquals("application/json", response.header("content-type"));
        JsonNode sets = Json.MAPPER.readTree(response.body()).path("policySets");
        List<String> ids = new ArrayList<>();
        for (JsonNode set : sets) {
            ids.add(set.path("id").asText());
            assertEquals("builtin", set.path("origin").asText());
            assertFalse(set.path("description").asText().isBlank(), set.toString());
            assertFalse(set.path("description").asText().contains("\n"), set.toString());
            // every listed id is one the check route accepts
            assertEquals(200, api.handle(get("/v1/policy-sets/" + set.path("id").asText())).status(), set.toString());
        }
        assertEquals(new BuiltinPolicySets().ids(), ids);
    }

    @Test
    void storedSetsFollowByIdAndABuiltInIdInTheFolderIsNotListedTwice() throws Exception {
        Files.writeString(dir.resolve("team-b.yaml"), "x: 1\n");
        Files.writeString(dir.resolve("team-a.yml"), "x: 1\n");
        Files.writeString(dir.resolve("team-a.json"), "{}");
        Files.writeString(dir.resolve("pss-baseline.yaml"), "x: 1\n");
        Files.writeString(dir.resolve("Not_An_Id.yaml"), "x: 1\n");
        Files.createDirectories(dir.resolve("sub.yaml"));
        JsonNode sets = Json.MAPPER.readTree(api(dir).handle(get("/v1/policy-sets")).body()).path("policySets");
        assertEquals(8, sets.size(), sets.toString());
        assertEquals("team-a", sets.get(6).path("id").asText());
        assertEquals("folder", sets.get(6).path("origin").asText());
        assertEquals("stored as team-a.yml in the policy folder", sets.get(6).path("description").asText(),
                "the file a load would read: .yml before .json");
        assertEquals("team-b", sets.get(7).path("id").asText());
    }

    @Test
    void onlyGetIsAllowed() {
        ApiResponse response = api(null).handle(post("/v1/policy-sets", null, "application/json", "{}"));
        assertEquals(405, response.status());
        assertEquals("GET", response.header("allow"));
    }

    @Test
    void anUnknownIdIsNotFoundNamingTheSetsThereAre() throws Exception {
        Files.writeString(dir.resolve("team-a.yaml"), "x: 1\n");
        ApiResponse response = api(dir).handle(post("/v1/policy-sets/pss-strict/check", null, null, "a: 1\n"));
        assertEquals(404, response.status());
        String message = Json.MAPPER.readTree(response.body()).at("/error/message").asText();
        assertEquals("policy set \"pss-strict\" not found; available: pss-privileged, pss-baseline, pss-restricted, "
                + "psp-privileged, psp-restricted, openshift-default, team-a", message);
    }

    @Test
    void theNotFoundMessageStopsListingPastAScreen() throws Exception {
        for (int i = 0; i < 40; i++) {
            Files.writeString(dir.resolve(String.format("team-%02d.yaml", i)), "x: 1\n");
        }
        ApiResponse response = api(dir).handle(get("/v1/policy-sets/absent"));
        String message = Json.MAPPER.readTree(response.body()).at("/error/message").asText();
        assertTrue(message.endsWith(", team-13, and 26 more (kube-policy-check sets, or GET /v1/policy-sets, "
                + "lists them all)"), message);
    }
}

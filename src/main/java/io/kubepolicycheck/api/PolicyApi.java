package io.kubepolicycheck.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kubepolicycheck.admission.AdmissionController;
import io.kubepolicycheck.admission.AdmissionDecision;
import io.kubepolicycheck.admission.AdmissionRequest;
import io.kubepolicycheck.admission.AdmissionResponse;
import io.kubepolicycheck.admission.AdmissionReviews;
import io.kubepolicycheck.admission.MalformedAdmissionReviewException;
import io.kubepolicycheck.admission.WorkloadMode;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.policystore.PolicySetIds;
import io.kubepolicycheck.policystore.PolicySetNotFoundException;
import io.kubepolicycheck.policystore.PolicyStore;
import io.kubepolicycheck.policystore.PolicyStoreException;
import io.kubepolicycheck.requestlog.RequestRecord;
import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.manifest.ManifestException;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.AdmissionPhase;
import io.kubepolicycheck.validator.policy.Operation;
import io.kubepolicycheck.validator.policy.Policy;
import io.kubepolicycheck.validator.policy.UserInfo;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import io.kubepolicycheck.validator.render.Format;
import io.kubepolicycheck.validator.render.Json;
import io.kubepolicycheck.validator.render.VerdictRenderer;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API of CONTRACT section 3, independent of API Gateway and of the local server: both adapters turn
 * their request into an {@link ApiRequest} and send back the {@link ApiResponse}. Thread-safe; build one per
 * process (it holds the policy store and its cache).
 */
public final class PolicyApi {
    private static final Pattern SET_ROUTE = Pattern.compile("/v1/policy-sets/([^/]+)(/check|/admission|/mutate)?");
    private static final String ROUTES = "POST /v1/policy-sets/{id}/check, POST /v1/check, "
            + "POST /v1/policy-sets/{id}/mutate, POST /v1/policy-sets/{id}/admission, GET /v1/policy-sets, "
            + "GET /v1/policy-sets/{id}";
    private static final String JSON = "application/json";

    private final PolicyStore store;
    private final ApiSettings settings;
    private final Validator validator;
    private final AdmissionController admission;
    private final ListPolicySetsRoute listPolicySets;

    public PolicyApi(PolicyStore store, ApiSettings settings) {
        this.store = store;
        this.settings = settings;
        this.validator = new Validator(Limits.DEFAULT.withMaxBytes(settings.maxManifestBytes()));
        this.admission = new AdmissionController(validator);
        this.listPolicySets = new ListPolicySetsRoute(store);
    }

    /** The largest body any route reads; an adapter may stop reading one byte after it. */
    public int maxBodyBytes() {
        return settings.maxManifestBytes();
    }

    /**
     * Does a first request's work before any request arrives: the store primes itself (the built-in sets, the
     * S3 request path), then {@link Priming}'s sample requests walk every route and format once, and check a
     * sample against a set of each format only a stored set uses. Nothing is sent anywhere. Lambda SnapStart
     * calls it before its snapshot. The answers are returned for checking, in that order.
     */
    public List<ApiResponse> prime() {
        store.prime();
        List<ApiResponse> answers = new ArrayList<>();
        for (ApiRequest request : Priming.requests()) {
            answers.add(handle(request));
        }
        PolicyApi storedFormats = new PolicyApi(Priming.storedFormats(), settings);
        for (ApiRequest request : Priming.storedFormatRequests()) {
            answers.add(storedFormats.handle(request));
        }
        return answers;
    }

    /** After a restore from a snapshot: the store stops trusting what it measured against the old clock. */
    public void afterRestore() {
        store.afterRestore();
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (ApiException e) {
            return error(e, request.requestId());
        } catch (RuntimeException e) {
            // a bug: the caller gets the request id, the log gets the place, nobody gets a stack trace
            StackTraceElement[] trace = e.getStackTrace();
            ApiResponse answer = error(new ApiException(ErrorCode.INTERNAL_ERROR,
                    "internal error; quote the request id when reporting it"), request.requestId());
            return new ApiResponse(answer.status(), answer.headers(), answer.body(), "INTERNAL_ERROR "
                    + e.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : ""));
        }
    }

    private ApiResponse route(ApiRequest request) throws ApiException {
        String path = request.path();
        if ("/v1/check".equals(path)) {
            requireMethod(request, "POST");
            ContentTypes.requireIdentityEncoding(request.header("content-encoding"));
            return envelopeCheck(request);
        }
        if (ListPolicySetsRoute.PATH.equals(path)) {
            requireMethod(request, "GET");
            return listPolicySets.handle(request);
        }
        Matcher m = SET_ROUTE.matcher(path);
        if (m.matches()) {
            String id = m.group(1);
            String action = m.group(2);
            if (action == null) {
                requireMethod(request, "GET");
                return describe(request, validId(id));
            }
            requireMethod(request, "POST");
            ContentTypes.requireIdentityEncoding(request.header("content-encoding"));
            return switch (action) {
                case "/check" -> check(request, validId(id));
                // a MutatingWebhookConfiguration's call, then a ValidatingWebhookConfiguration's
                case "/mutate" -> admission(request, validId(id), AdmissionPhase.ADMIT);
                default -> admission(request, validId(id), AdmissionPhase.VALIDATE);
            };
        }
        throw new ApiException(ErrorCode.NOT_FOUND, "no route " + request.method() + " " + path + "; routes: " + ROUTES);
    }

    private ApiResponse check(ApiRequest request, String id) throws ApiException {
        Map<String, List<String>> query = QueryString.parse(request.rawQuery());
        Format format = FormatNegotiation.choose(single(query, "format"), request.header("accept"));
        AdmissionAttributes attributes = attributes(single(query, "namespace"), single(query, "operation"),
                single(query, "user"), query.getOrDefault("group", List.of()));
        ContentTypes.requireManifest(request.header("content-type"));
        requireSize(request.body().length);
        if (request.body().length == 0) {
            throw new ApiException(ErrorCode.INVALID_MANIFEST,
                    "the request body is empty: send the manifest (YAML or JSON) as the body");
        }
        return verdict(load(id), request.body(), attributes, format, request.requestId());
    }

    private ApiResponse envelopeCheck(ApiRequest request) throws ApiException {
        Map<String, List<String>> query = QueryString.parse(request.rawQuery());
        ContentTypes.requireJson(request.header("content-type"));
        requireSize(request.body().length);
        CheckEnvelope envelope = CheckEnvelope.parse(utf8(request.body()));
        String format = envelope.format() != null ? envelope.format() : single(query, "format");
        Format chosen = FormatNegotiation.choose(format, request.header("accept"));
        AdmissionAttributes attributes = attributes(envelope.namespace(), envelope.operation(), envelope.username(),
                envelope.groups());
        LoadedPolicySet set = load(validId(envelope.policySet()));
        return verdict(set, envelope.manifest().getBytes(StandardCharsets.UTF_8), attributes, chosen, request.requestId());
    }

    private ApiResponse verdict(LoadedPolicySet set, byte[] manifest, AdmissionAttributes attributes, Format format,
                                String requestId) throws ApiException {
        Verdict verdict;
        try {
            verdict = validator.check(set.set(), set.ref(), List.of(new ManifestInput(null, manifest)), attributes);
        } catch (ManifestException e) {
            throw new ApiException(ErrorCode.INVALID_MANIFEST, e.getMessage(), e.document(), e.line(), e.column(), Map.of());
        }
        if (verdict.resources().isEmpty()) {
            // Comments or empty documents only: as the command line, never "0 of 0 allowed".
            throw new ApiException(ErrorCode.INVALID_MANIFEST, "no Kubernetes objects found in the manifest");
        }
        record(verdict);
        return new ApiResponse(200, headers(format.mediaType(), requestId), VerdictRenderer.of(format).render(verdict),
                verdict.allowed() ? "allowed" : "denied");
    }

    private ApiResponse admission(ApiRequest request, String id, AdmissionPhase phase) throws ApiException {
        Map<String, List<String>> query = QueryString.parse(request.rawQuery());
        WorkloadMode workloads;
        try {
            workloads = WorkloadMode.parse(single(query, "workloads"));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
        ContentTypes.requireJson(request.header("content-type"));
        requireSize(request.body().length);
        AdmissionRequest review;
        try {
            review = AdmissionReviews.read(request.body());
        } catch (MalformedAdmissionReviewException e) {
            if (e.uid() == null) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, e.getMessage());
            }
            return malformed(e, request.requestId());
        }
        LoadedPolicySet set = load(id);
        try {
            AdmissionDecision decision = admission.admit(review, set.set(), workloads, phase);
            record(decision);
            return review(review.apiVersion(), decision.response(), request.requestId());
        } catch (MalformedAdmissionReviewException e) {
            return malformed(e, request.requestId());
        }
    }

    /**
     * A review with a uid is answered in kind, with a 400 status inside; the request log counts it as the bad
     * request it is, not as a denial, so the denial alarms and queries see only refused objects.
     */
    private ApiResponse malformed(MalformedAdmissionReviewException e, String requestId) {
        ApiResponse answer = review(e.apiVersion(), AdmissionResponse.badRequest(e.uid(), e.getMessage()), requestId);
        return new ApiResponse(answer.status(), answer.headers(), answer.body(), ErrorCode.INVALID_REQUEST.name());
    }

    /** The counts and the denying checks, for the request log. */
    private static void record(Verdict verdict) {
        int checked = 0;
        int denied = 0;
        Set<String> checks = new TreeSet<>();
        for (ResourceVerdict resource : verdict.resources()) {
            checked += resource.checked() ? 1 : 0;
            denied += resource.allowed() ? 0 : 1;
            deniedChecks(resource, checks);
        }
        RequestRecord.current().resources(checked, denied, checks);
    }

    /**
     * As for a check: the review's object counts as checked when it was judged, as denied when the answer refused
     * it, and the checks named are those of its verdict that refused it (none when it was only warned about).
     */
    private static void record(AdmissionDecision decision) {
        Set<String> checks = new TreeSet<>();
        boolean denied = !decision.response().allowed();
        if (denied && decision.verdict() != null) {
            deniedChecks(decision.verdict(), checks);
        }
        RequestRecord.current().resources(decision.verdict() == null ? 0 : 1, denied ? 1 : 0, checks);
    }

    private static void deniedChecks(ResourceVerdict resource, Set<String> checks) {
        if (!resource.allowed() && resource.violations() != null) {
            for (Violation violation : resource.violations()) {
                checks.add(violation.check());
            }
        }
    }

    private ApiResponse review(String apiVersion, AdmissionResponse response, String requestId) {
        return new ApiResponse(200, headers(JSON, requestId), AdmissionReviews.write(apiVersion, response),
                response.allowed() ? "allowed" : "denied");
    }

    /** {@code GET /v1/policy-sets/{id}}: the version and a summary of each policy. */
    private ApiResponse describe(ApiRequest request, String id) throws ApiException {
        LoadedPolicySet loaded = load(id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", loaded.set().id());
        body.put("version", loaded.set().version());
        if (loaded.stale()) {
            body.put("stale", true);
        }
        List<Object> policies = new ArrayList<>();
        for (Policy policy : loaded.set().policies()) {
            policies.add(policy.summary());
        }
        body.put("policies", policies);
        return new ApiResponse(200, headers(JSON, request.requestId()), json(body), "ok");
    }

    private LoadedPolicySet load(String id) throws ApiException {
        RequestRecord.current().policySetId(id);
        try {
            LoadedPolicySet loaded = store.load(id);
            RequestRecord.current().policySet(id, loaded.set().version(), loaded.stale());
            return loaded;
        } catch (PolicySetNotFoundException e) {
            throw new ApiException(ErrorCode.POLICY_SET_NOT_FOUND, e.getMessage());
        } catch (InvalidPolicySetException e) {
            throw new ApiException(ErrorCode.INVALID_POLICY_SET, e.located(), e.document(), e.line(), -1, Map.of());
        } catch (PolicyStoreException e) {
            // the message names the set only; the store put e.detail() (bucket, key, the SDK's words) in the log
            throw new ApiException(ErrorCode.POLICY_STORE_UNAVAILABLE, e.getMessage(),
                    -1, -1, -1, Map.of("retry-after", Integer.toString(e.retryAfterSeconds())));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
    }

    private static AdmissionAttributes attributes(String namespace, String operation, String user, List<String> groups)
            throws ApiException {
        try {
            return new AdmissionAttributes(AdmissionAttributes.requestNamespace(namespace), Operation.parse(operation),
                    new UserInfo(user, groups));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
    }

    private static String validId(String id) throws ApiException {
        if (!PolicySetIds.isValid(id)) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "invalid policy set id \"" + id
                    + "\": " + PolicySetIds.RULE);
        }
        // named in the request log even when the request fails before the set is loaded
        RequestRecord.current().policySetId(id);
        return id;
    }

    private static String single(Map<String, List<String>> query, String name) throws ApiException {
        List<String> values = query.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "query parameter " + name + " may be given once");
        }
        return values.get(0);
    }

    private void requireSize(int length) throws ApiException {
        if (length > settings.maxManifestBytes()) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is over the limit of "
                    + settings.maxManifestBytes() + " bytes (MAX_MANIFEST_BYTES)");
        }
    }

    private static void requireMethod(ApiRequest request, String method) throws ApiException {
        if (!method.equals(request.method())) {
            throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED, request.method() + " is not allowed on "
                    + request.path() + "; use " + method, -1, -1, -1, Map.of("allow", method));
        }
    }

    private static String utf8(byte[] body) throws ApiException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "the request body is not UTF-8 text");
        }
    }

    /** The contract's error body for {@code e}; adapters use it for what they refuse before routing. */
    public static ApiResponse error(ApiException e, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code().name());
        error.put("message", e.getMessage());
        if (e.document() >= 0) {
            error.put("document", e.document());
        }
        if (e.line() > 0) {
            error.put("line", e.line());
        }
        if (e.column() > 0) {
            error.put("column", e.column());
        }
        error.put("retryable", e.code().retryable());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("requestId", requestId);
        Map<String, String> headers = new LinkedHashMap<>(headers(JSON, requestId));
        headers.putAll(e.headers());
        return new ApiResponse(e.code().status(), headers, json(body), e.code().name());
    }

    static Map<String, String> headers(String contentType, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType);
        headers.put("cache-control", "no-store");
        if (requestId != null) {
            headers.put("x-request-id", requestId);
        }
        return headers;
    }

    private static String json(Object body) {
        try {
            return Json.PRETTY.writeValueAsString(body) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer is not serializable", e);
        }
    }
}

package io.kubepolicycheck.validator.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.verdict.InputError;
import io.kubepolicycheck.validator.verdict.PolicySetRef;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** JUnit XML as CI systems read it: valid against the JUnit schema, one suite per file, one case per resource. */
class JUnitRendererTest {
    private static final Schema SCHEMA = schema();

    private static Schema schema() {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            return factory.newSchema(new StreamSource(JUnitRendererTest.class.getResource("/junit/junit.xsd").toString()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The report, checked against the schema, as a DOM. */
    private static Document render(Verdict verdict) throws Exception {
        String xml = VerdictRenderer.of(Format.JUNIT).render(verdict);
        SCHEMA.newValidator().validate(new StreamSource(new StringReader(xml)));
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    @Test
    void aDeniedResourceIsAFailureListingItsViolationsAndAKindWithoutPodsIsSkipped() throws Exception {
        Element root = render(SampleVerdicts.fromValidator("manifests/web.yaml")).getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("2", root.getAttribute("tests"));
        assertEquals("1", root.getAttribute("failures"));
        List<Element> suites = children(root, "testsuite");
        assertEquals(1, suites.size());
        Element suite = suites.get(0);
        assertEquals("manifests/web.yaml", suite.getAttribute("name"));
        assertEquals("1", suite.getAttribute("skipped"));
        List<Element> cases = children(suite, "testcase");
        assertEquals(List.of("Deployment/shop/web", "Service/default/web"),
                cases.stream().map(c -> c.getAttribute("name")).toList());
        assertEquals("manifests/web.yaml", cases.get(0).getAttribute("classname"));
        Element failure = children(cases.get(0), "failure").get(0);
        assertEquals("PodSecurity/baseline:latest", failure.getAttribute("type"));
        assertEquals("would violate PodSecurity \"baseline:latest\": privileged (container \"web\" must not set "
                + "securityContext.privileged=true)", failure.getAttribute("message"));
        assertEquals("manifests/web.yaml:14:11: privileged: container \"web\" must not set "
                + "securityContext.privileged=true [spec.template.spec.containers[0].securityContext.privileged] "
                + "(PodSecurity/baseline:latest)\n", failure.getTextContent());
        assertEquals(1, children(cases.get(1), "skipped").size());
        assertEquals(0, children(cases.get(1), "failure").size());
    }

    @Test
    void oneSuitePerFileAndOddTextStaysValidXml() throws Exception {
        Element root = render(SampleVerdicts.mixed()).getDocumentElement();
        List<Element> suites = children(root, "testsuite");
        List<String> names = suites.stream().map(s -> s.getAttribute("name")).toList();
        assertEquals(List.of("deploy/web app.yaml", "/abs/path/pods.json", "stdin", "C:\\work\\job.yaml",
                "deploy/psp.yaml"), names.subList(0, 5));
        Element odd = children(suites.get(1), "testcase").get(0);
        assertEquals("Pod/team|a/we`ird*name_<x>", odd.getAttribute("name"));
        assertTrue(children(odd, "failure").get(0).getTextContent().contains("Allowed ports: []\nsecond line"));
        Element warned = children(suites.get(3), "testcase").get(0);
        assertEquals("warning: warn: a warning without a check\n", children(warned, "system-out").get(0).getTextContent());
        assertEquals(0, children(warned, "failure").size());
    }

    @Test
    void anInputThatCouldNotBeCheckedIsAnError() throws Exception {
        Element root = render(SampleVerdicts.withErrors()).getDocumentElement();
        assertEquals("2", root.getAttribute("errors"));
        List<Element> suites = children(root, "testsuite");
        assertEquals(List.of("ok.yaml", "bad.yaml", "gone.yaml"), suites.stream().map(s -> s.getAttribute("name")).toList());
        Element error = children(children(suites.get(1), "testcase").get(0), "error").get(0);
        assertEquals("INVALID_MANIFEST", error.getAttribute("type"));
        assertEquals("bad.yaml: document 1, line 7, column 3: invalid YAML: a | b", error.getTextContent());
        assertEquals("1", suites.get(1).getAttribute("errors"));
    }

    @Test
    void charactersXmlCannotHoldAreWrittenAsEscapes() throws Exception {
        ResourceVerdict r = new ResourceVerdict("a\u0007.yaml", 0, 1, "v1", "Pod", "ns", "x\u0000y\uD800", true, false,
                null, "denied \u001b[31m", List.of(new Violation("p", "c", "spec", 1, 1, "m\u0001 & <b>")), List.of(),
                List.of(), Map.of(), List.of(), List.of());
        Element root = render(Verdict.of(new PolicySetRef("s", "v"), List.of(r),
                List.of(InputError.of("\u0002", "UNREADABLE_INPUT", "gone")))).getDocumentElement();
        Element testcase = children(children(root, "testsuite").get(0), "testcase").get(0);
        assertEquals("Pod/ns/x\\u0000y\\ud800", testcase.getAttribute("name"));
        assertEquals("denied \\u001b[31m", children(testcase, "failure").get(0).getAttribute("message"));
        assertTrue(children(testcase, "failure").get(0).getTextContent().contains("m\\u0001 & <b>"));
    }

    /**
     * Markup, quotes, line breaks, characters past the surrogates and pairs of them, as they are written: escaped in
     * an attribute as XML needs (a break as a character reference, so a reader keeps it), kept in text where XML
     * allows it; a character XML cannot hold as a Go escape.
     */
    @Test
    void textIsEscapedAsXmlNeedsItWhereItStands() {
        String odd = "a&b<c>\"d'e\tf\ng\rh\uE000i\uD83D\uDE00j\uFFFEk";
        ResourceVerdict r = new ResourceVerdict("plain.yaml", 0, 1, "v1", "Pod", "ns", odd, true, false, null, odd,
                List.of(new Violation("p", "c", "spec", 1, 1, odd)), List.of(), List.of(), Map.of(), List.of(),
                List.of());
        String xml = JUnitRenderer.INSTANCE.render(Verdict.of(new PolicySetRef("s", "v"), List.of(r)));
        String attribute = "a&amp;b&lt;c&gt;&quot;d'e&#9;f&#10;g&#13;h\uE000i\uD83D\uDE00j\\ufffek";
        String text = "a&amp;b&lt;c&gt;\"d'e\tf\ng&#13;h\uE000i\uD83D\uDE00j\\ufffek";
        assertTrue(xml.contains(" name=\"Pod/ns/" + attribute + "\""), xml);
        assertTrue(xml.contains("<failure message=\"" + attribute + "\""), xml);
        assertTrue(xml.contains(": c: " + text), xml);
        assertTrue(xml.contains("classname=\"plain.yaml\""), "a name with nothing to escape is written as it is");
    }

    /** The schema is strict enough to refuse what a strict reader refuses, so passing it means something. */
    @Test
    void theSchemaRefusesAReportJenkinsWouldNot() {
        for (String xml : List.of("<testsuites skipped=\"1\"/>", "<testsuites><testsuite tests=\"1\"/></testsuites>",
                "<testsuites><testsuite name=\"a\" tests=\"1\"><testcase/></testsuite></testsuites>")) {
            assertThrows(org.xml.sax.SAXException.class,
                    () -> SCHEMA.newValidator().validate(new StreamSource(new StringReader(xml))), xml);
        }
    }

    @Test
    void nothingToReportIsAnEmptyButValidReport() throws Exception {
        Element root = render(Verdict.of(new PolicySetRef("s", "v"), List.of())).getDocumentElement();
        assertEquals("0", root.getAttribute("tests"));
        assertEquals(0, children(root, "testsuite").size());
    }
}

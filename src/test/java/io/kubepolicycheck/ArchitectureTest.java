package io.kubepolicycheck;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The validator is the core: it must not know about AWS, HTTP or any adapter around it. The HTTP API and
 * AdmissionReview handling are shared by the Lambda and the local server, so they know neither.
 */
@AnalyzeClasses(packages = "io.kubepolicycheck", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule validatorHasNoAwsHttpOrAdapters = noClasses()
            .that().resideInAPackage("io.kubepolicycheck.validator..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.amazonaws..", "software.amazon..", "org.crac..",
                    "com.sun.net.httpserver..", "java.net.http..",
                    "io.kubepolicycheck.lambda..", "io.kubepolicycheck.cli..", "io.kubepolicycheck.server..",
                    "io.kubepolicycheck.aws..", "io.kubepolicycheck.policystore..", "io.kubepolicycheck.requestlog..");

    @ArchTest
    static final ArchRule policyStoreHasNoAwsOrAdapters = noClasses()
            .that().resideInAPackage("io.kubepolicycheck.policystore..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.amazonaws..", "software.amazon..",
                    "io.kubepolicycheck.lambda..", "io.kubepolicycheck.cli..", "io.kubepolicycheck.server..",
                    "io.kubepolicycheck.aws..");

    @ArchTest
    static final ArchRule httpApiHasNoAwsOrAdapters = noClasses()
            .that().resideInAnyPackage("io.kubepolicycheck.api..", "io.kubepolicycheck.admission..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.amazonaws..", "software.amazon..", "org.crac..",
                    "com.sun.net.httpserver..", "java.net.http..",
                    "io.kubepolicycheck.lambda..", "io.kubepolicycheck.cli..", "io.kubepolicycheck.server..",
                    "io.kubepolicycheck.aws..");

    @ArchTest
    static final ArchRule admissionKnowsNothingOfHttp = noClasses()
            .that().resideInAPackage("io.kubepolicycheck.admission..")
            .should().dependOnClassesThat().resideInAnyPackage("io.kubepolicycheck.api..");

    /** The request log is shared by the Lambda and serve: it knows no AWS and none of the parts that feed it. */
    @ArchTest
    static final ArchRule requestLogHasNoAwsOrAdapters = noClasses()
            .that().resideInAPackage("io.kubepolicycheck.requestlog..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.amazonaws..", "software.amazon..", "org.crac..",
                    "com.sun.net.httpserver..", "java.net.http..",
                    "io.kubepolicycheck.lambda..", "io.kubepolicycheck.cli..", "io.kubepolicycheck.server..",
                    "io.kubepolicycheck.aws..", "io.kubepolicycheck.api..", "io.kubepolicycheck.admission..",
                    "io.kubepolicycheck.policystore..", "io.kubepolicycheck.validator..");
}

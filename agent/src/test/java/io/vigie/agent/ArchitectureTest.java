package io.vigie.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The agent's rules from ARCHITECTURE.md: plain Java with no framework (the JDK, Jackson and the
 * wire types of {@code protocol} only), so that it stays small on every managed server; and it
 * never reaches into the control plane's code, only its protocol.
 */
@AnalyzeClasses(packages = "io.vigie.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    // "tools.jackson.." includes Jackson's YAML module (tools.jackson.dataformat.yaml), allowed for
    // the detection rules (docs/detection.md); the agent never uses SnakeYAML Engine directly.
    @ArchTest
    static final ArchRule onlyTheJdkJacksonAndTheProtocol = classes()
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", "javax.net..",
                    "javax.security..",
                    "tools.jackson..", "com.fasterxml.jackson.annotation..", "io.vigie.agent..", "io.vigie.protocol..")
            .because("the agent is plain Java: no framework, a small footprint on every managed server");

    @ArchTest
    static final ArchRule agentDoesNotDependOnTheControlPlane = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("io.vigie.server..", "org.springframework..");
}

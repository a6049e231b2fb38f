package io.vigie.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import org.springframework.stereotype.Repository;

/**
 * The architecture rules of ARCHITECTURE.md that the compiler cannot check: a feature uses another
 * through its service, never its repository (its tables); repositories stay package-private; the
 * control plane does not depend on the agent.
 */
@AnalyzeClasses(packages = "io.vigie.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule repositoriesAreUsedOnlyInsideTheirFeature = classes()
            .that().areAnnotatedWith(Repository.class)
            .should(new ArchCondition<>("be accessed only from their own feature package") {
                @Override
                public void check(JavaClass repository, ConditionEvents events) {
                    repository.getAccessesToSelf().forEach(access -> {
                        String from = access.getOriginOwner().getPackageName();
                        if (!from.equals(repository.getPackageName())) {
                            events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                        }
                    });
                }
            });

    @ArchTest
    static final ArchRule repositoriesArePackagePrivate = classes()
            .that().areAnnotatedWith(Repository.class).should().notBePublic();

    @ArchTest
    static final ArchRule serverDoesNotDependOnAgent = noClasses()
            .should().dependOnClassesThat().resideInAPackage("io.vigie.agent..");
}

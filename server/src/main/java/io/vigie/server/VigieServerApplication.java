package io.vigie.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the Vigie control plane: console, client portal, REST API and agent API.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VigieServerApplication {

    /**
     * Starts the control plane.
     *
     * @param args Spring Boot command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(VigieServerApplication.class, args);
    }
}

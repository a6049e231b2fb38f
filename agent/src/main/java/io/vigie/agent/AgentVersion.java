package io.vigie.agent;

/**
 * The agent's version, read from the {@code Implementation-Version} of its jar's manifest (set
 * from the Maven project version at build time). When the classes do not come from the packaged
 * jar (tests, an IDE), the version is {@code development}.
 */
public final class AgentVersion {

    private AgentVersion() {
    }

    /** @return the version of the running agent */
    public static String current() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "development" : version;
    }
}

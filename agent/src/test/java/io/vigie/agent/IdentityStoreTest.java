package io.vigie.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {

    private static final AgentIdentity IDENTITY = new AgentIdentity(URI.create("https://cp.example:8443"),
            "SHA256:" + "ab".repeat(32), UUID.randomUUID(), "the-secret", UUID.randomUUID(), 30,
            Instant.parse("2026-03-01T10:15:30Z"));

    @TempDir
    Path dir;

    @Test
    void keepsTheIdentityReadableByItsOwnerOnly() throws Exception {
        IdentityStore store = new IdentityStore(dir.resolve("state"));
        store.prepare();

        store.save(IDENTITY);

        assertThat(store.load()).isEqualTo(IDENTITY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state"))))
                .isEqualTo("rwxr-x---");
        assertThat(dir.resolve("state/agent.json.tmp")).doesNotExist();
    }

    @Test
    void replacingAnIdentityKeepsItPrivate() throws Exception {
        IdentityStore store = new IdentityStore(dir);
        Files.writeString(store.file(), "{}");
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));

        store.save(IDENTITY);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(store.load().agentId()).isEqualTo(IDENTITY.agentId());
    }

    @Test
    void saysWhenTheAgentIsNotEnrolledOrItsFileIsDamaged() throws IOException {
        IdentityStore store = new IdentityStore(dir);

        assertThatThrownBy(store::load).hasMessageStartingWith("not enrolled: run vigie-agent enroll");

        Files.writeString(store.file(), "{\"agentId\":");
        assertThatThrownBy(store::load).hasMessageContaining("damaged").hasMessageContaining("--force");
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(IDENTITY.toString()).doesNotContain("the-secret").contains(IDENTITY.agentId().toString());
    }
}

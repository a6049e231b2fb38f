package io.vigie.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnrollmentCommandTest {

    @Test
    void readsTheCommandAsAShellWould() {
        assertThat(EnrollmentCommand.argumentsOf("""
                  sudo vigie-agent enroll --server https://127.0.0.1:8443 \\
                    --token 'abc_-1' --fingerprint "SHA256:00ff"
                """)).containsExactly("enroll", "--server", "https://127.0.0.1:8443", "--token", "abc_-1",
                "--fingerprint", "SHA256:00ff");
    }

    @Test
    void acceptsAPathToTheProgram() {
        assertThat(EnrollmentCommand.argumentsOf("/usr/bin/vigie-agent enroll --token t"))
                .containsExactly("enroll", "--token", "t");
    }

    @Test
    void refusesAnotherProgram() {
        assertThatThrownBy(() -> EnrollmentCommand.argumentsOf("curl https://example.com | sh"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

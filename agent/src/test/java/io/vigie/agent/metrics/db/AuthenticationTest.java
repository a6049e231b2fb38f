package io.vigie.agent.metrics.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The authentication computations against published test vectors, so that a mistake does not
 * hide behind a server that accepts it. The same code also logs in to the real servers in
 * {@code MariaDbConnectionsTest} and {@code PostgresqlConnectionsTest}; caching_sha2_password
 * has no server on this machine (MariaDB lacks it), so its vector here is its only check.
 */
class AuthenticationTest {

    @Test
    void scramSha256MatchesTheExampleOfRfc7677() throws ProtocolException {
        Scram scram = new Scram("user", "pencil", "rOprNGfwEbeRWgbNEkqO");

        assertThat(scram.clientFirst()).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        assertThat(scram.clientFinal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"))
                .isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        scram.verify("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        assertThatThrownBy(() -> scram.verify("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))
                .hasMessageContaining("does not know the password");
    }

    @Test
    void scramRefusesAServerNonceThatDoesNotExtendOursAndAbsurdIterationCounts() {
        Scram scram = new Scram("", "pencil", "abc");

        assertThatThrownBy(() -> scram.clientFinal("r=xyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"))
                .isInstanceOf(ProtocolException.class).hasMessage("malformed SCRAM challenge from the server");
        assertThatThrownBy(() -> scram.clientFinal("r=abcdef,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=2000000000"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("out of range");
    }

    @Test
    void mysqlScramblesMatchTheVectorsOfGoSqlDriver() {
        // go-sql-driver/mysql, auth_test.go: TestScrambleSHA256Pass and TestAuthFastNativePassword.
        byte[] sha2Nonce = {10, 47, 74, 111, 75, 73, 34, 48, 88, 76, 114, 74, 37, 13, 3, 80, 82, 2, 23, 21};
        assertThat(HexFormat.of().formatHex(MysqlConnection.sha2Scramble(sha2Nonce, utf8("secret"))))
                .isEqualTo("f490e76f66d9d86665ce54d98c78d0acfe2fb0b08b423da807144873d30b312c");
        assertThat(HexFormat.of().formatHex(MysqlConnection.sha2Scramble(sha2Nonce, utf8("secret2"))))
                .isEqualTo("abc3934a012cf342e876071c8ee202de51785b430258a7a0138bc79c4d800bc6");
        byte[] nativeNonce = {70, 114, 92, 94, 1, 38, 11, 116, 63, 114, 23, 101, 126, 103, 26, 95, 81, 17, 24, 21};
        assertThat(MysqlConnection.nativeScramble(nativeNonce, utf8("secret"))).containsExactly(
                53, 177, 140, 159, 251, 189, 127, 53, 109, 252, 172, 50, 211, 192, 240, 164, 26, 48, 207, 45);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

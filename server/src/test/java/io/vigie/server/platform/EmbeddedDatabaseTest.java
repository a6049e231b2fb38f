package io.vigie.server.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL: its data survives a restart, and a second control plane cannot start
 * on a data directory in use (which would take its database from under the first). That a
 * PostgreSQL left behind by a killed control plane is stopped at the next start is proven with
 * real processes by the system test {@code ControlPlaneRestartTest}.
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void dataSurvivesARestartAndASecondStartOnTheSameDirectoryIsRefused() throws Exception {
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dataDir)) {
            execute(first, "create table kept (v text); insert into kept values ('before restart')");

            assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already runs a control plane with the data directory");
            assertThat(query(first, "select v from kept")).as("the first one keeps running").isEqualTo("before restart");
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(dataDir)) {
            assertThat(query(again, "select v from kept")).isEqualTo("before restart");
        }
    }

    private static void execute(EmbeddedDatabase db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(EmbeddedDatabase db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

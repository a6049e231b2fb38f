package io.vigie.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.vigie.server.IntegrationTest;

/**
 * One node at a time holds a cluster lock, on the real PostgreSQL: the second node waits, takes
 * it when the first gives it up, and takes it when the first node's session dies (a crash).
 */
class ClusterLockTest extends IntegrationTest {

    private static final Duration RECHECK = Duration.ofSeconds(10);

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    @Test
    void oneNodeAtATimeAndTheOtherTakesOverWhenTheFirstStops() {
        String name = "test-" + UUID.randomUUID();
        Instant now = Instant.now();
        try (ClusterLock first = new ClusterLock(dataSource, name, RECHECK);
                ClusterLock second = new ClusterLock(dataSource, name, RECHECK)) {
            assertThat(first.holds(now)).isTrue();
            assertThat(second.holds(now)).isFalse();
            assertThat(first.holds(now.plus(RECHECK))).as("still its session").isTrue();
            assertThat(second.holds(now.plus(RECHECK))).isFalse();

            first.close();
            assertThat(second.holds(now.plus(RECHECK))).isTrue();
            assertThat(first.holds(now.plus(RECHECK))).isFalse();
            assertThat(heldByBackends(name)).isEqualTo(1);
        }
        assertThat(heldByBackends(name)).as("given back by closing, not left in a pooled session").isZero();
    }

    @Test
    void whenTheHoldersSessionDiesAnotherNodeTakesTheLockAndTheFormerHolderStops() {
        String name = "test-" + UUID.randomUUID();
        Instant now = Instant.now();
        try (ClusterLock crashed = new ClusterLock(dataSource, name, RECHECK);
                ClusterLock standby = new ClusterLock(dataSource, name, RECHECK)) {
            assertThat(crashed.holds(now)).isTrue();
            assertThat(jdbc.sql("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory'"
                            + " and objid::bigint = ? and granted").param(objid(name)).query(Boolean.class).list())
                    .containsExactly(true);

            assertThat(standby.holds(now)).isTrue();
            assertThat(crashed.holds(now.plusSeconds(1))).as("trusted until its next check").isTrue();
            assertThat(crashed.holds(now.plus(RECHECK))).as("its session is gone, and the lock is taken").isFalse();
        }
    }

    private long heldByBackends(String name) {
        return jdbc.sql("select count(*) from pg_locks where locktype = 'advisory' and objid::bigint = ? and granted")
                .param(objid(name)).query(Long.class).single();
    }

    /** The low 32 bits of the lock's key, as {@code pg_locks.objid} shows them. */
    private static long objid(String name) {
        return ((long) ("vigie:" + name).hashCode()) & 0xFFFF_FFFFL;
    }
}

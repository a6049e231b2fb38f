package io.vigie.server.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of the cluster at a time does some work (the uptime checks): the node that holds a
 * PostgreSQL session-level advisory lock on a connection of its own. The lock lives as long as
 * that session: a node that stops, crashes or loses the database loses it, and another node's next
 * attempt takes it. The holder checks its session every {@code recheck}; between two checks it
 * trusts it, so after a partition two nodes may both work for at most that long, which the work
 * must tolerate (uptime checks do: an incident is unique per cause).
 *
 * <p>The holder keeps one connection of the pool for as long as it holds the lock, and evicts it
 * from the pool when it gives the lock up.
 */
public final class ClusterLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterLock.class);
    private static final int VALIDATION_TIMEOUT_SECONDS = 5;

    private final DataSource dataSource;
    private final String name;
    private final long key;
    private final Duration recheck;
    private Connection session;
    private Instant checkedAt;
    private boolean warned;

    /**
     * @param dataSource where the lock lives
     * @param name the work it guards, for logs; its hash is the lock's key
     * @param recheck how long the holder trusts its session between two checks
     */
    public ClusterLock(DataSource dataSource, String name, Duration recheck) {
        this.dataSource = dataSource;
        this.name = name;
        this.key = ("vigie:" + name).hashCode();
        this.recheck = recheck;
    }

    /**
     * Tells whether this node holds the lock, taking it if it is free.
     *
     * @param now the present
     * @return true while this node should do the work
     */
    public synchronized boolean holds(Instant now) {
        if (session != null) {
            if (now.isBefore(checkedAt.plus(recheck))) {
                return true;
            }
            if (valid()) {
                checkedAt = now;
                return true;
            }
            log.warn("cluster lock lost lock={}: its database session ended", name);
            release();
        }
        return tryAcquire(now);
    }

    private boolean valid() {
        try {
            return session.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private boolean tryAcquire(Instant now) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
                statement.setLong(1, key);
                try (ResultSet result = statement.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        session = connection;
                        checkedAt = now;
                        warned = false;
                        log.info("cluster lock taken lock={}: this node does the work", name);
                        return true;
                    }
                }
            }
            connection.close();
            return false;
        } catch (SQLException e) {
            closeQuietly(connection);
            if (!warned) {
                log.warn("cluster lock not taken lock={}: {}", name, e.toString());
                warned = true;
            }
            return false;
        }
    }

    /**
     * Unlocks, then ends the session. A pooled connection is evicted from the pool, not given back:
     * given back, its session (and the lock, had the unlock failed) would live on in another
     * borrower. The pool closes evicted connections in the background: the unlock is what makes the
     * lock free at once.
     */
    private void release() {
        try (PreparedStatement statement = session.prepareStatement("select pg_advisory_unlock(?)")) {
            statement.setLong(1, key);
            statement.execute();
        } catch (SQLException e) {
            // a dead session holds no lock; a live one is ended below
        }
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(session);
            } else {
                session.close();
            }
        } catch (SQLException e) {
            // the session is gone either way
        }
        session = null;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the session is gone either way
            }
        }
    }

    /** Gives the lock up: the session's end releases it, for another node to take. */
    @Override
    public synchronized void close() {
        if (session != null) {
            release();
            log.info("cluster lock released lock={}", name);
        }
    }
}

package io.vigie.server.contracts;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vigie.server.platform.SqlTime;

/** SQL for the {@code contracts} table. */
@Repository
class ContractRepository {

    private static final RowMapper<Contract> MAPPER = (rs, n) -> new Contract(rs.getObject("id", UUID.class),
            rs.getObject("client_id", UUID.class), rs.getString("reference"), rs.getDate("start_date").toLocalDate(),
            rs.getInt("term_months"), ContractStatus.valueOf(rs.getString("status")), rs.getString("notes"),
            SqlTime.instant(rs.getTimestamp("created_at")), SqlTime.instant(rs.getTimestamp("updated_at")), SqlTime.instant(rs.getTimestamp("archived_at")));

    private final JdbcClient jdbc;

    ContractRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Contract> find(UUID id) {
        return jdbc.sql("select * from contracts where id = ?").param(id).query(MAPPER).optional();
    }

    List<Contract> list(UUID clientId, boolean includeArchived) {
        return jdbc.sql("select * from contracts where (cast(? as uuid) is null or client_id = ?)"
                        + " and (? or archived_at is null) order by start_date desc, reference")
                .params(clientId, clientId, includeArchived).query(MAPPER).list();
    }

    boolean referenceTaken(String reference, UUID except) {
        return jdbc.sql("select count(*) from contracts where lower(reference) = lower(?) and id <> ?")
                .params(reference, except).query(Long.class).single() > 0;
    }

    void insert(Contract c) {
        jdbc.sql("insert into contracts (id, client_id, reference, start_date, term_months, status, notes, created_at,"
                        + " updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(c.id(), c.clientId(), c.reference(), Date.valueOf(c.startDate()), c.termMonths(),
                        c.status().name(), c.notes(), SqlTime.timestamp(c.createdAt()), SqlTime.timestamp(c.updatedAt()))
                .update();
    }

    void update(Contract c) {
        jdbc.sql("update contracts set reference = ?, start_date = ?, term_months = ?, status = ?, notes = ?,"
                        + " updated_at = ?, archived_at = ? where id = ?")
                .params(c.reference(), Date.valueOf(c.startDate()), c.termMonths(), c.status().name(), c.notes(),
                        SqlTime.timestamp(c.updatedAt()), SqlTime.timestamp(c.archivedAt()), c.id())
                .update();
    }
}

package io.vigie.server.servers;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vigie.server.platform.SqlTime;

/** SQL for the {@code servers} table. */
@Repository
class ServerRepository {

    private static final RowMapper<Server> MAPPER = (rs, n) -> new Server(rs.getObject("id", UUID.class),
            rs.getObject("client_id", UUID.class), rs.getObject("contract_id", UUID.class), rs.getString("hostname"),
            ServerRole.valueOf(rs.getString("role")), rs.getString("supplier"), rs.getString("supplier_reference"),
            rs.getString("datacenter"), rs.getString("model"), strings(rs.getArray("public_ips")), rs.getString("notes"),
            SqlTime.instant(rs.getTimestamp("created_at")), SqlTime.instant(rs.getTimestamp("updated_at")), SqlTime.instant(rs.getTimestamp("archived_at")));

    private final JdbcClient jdbc;

    ServerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    Optional<Server> find(UUID id) {
        return jdbc.sql("select * from servers where id = ?").param(id).query(MAPPER).optional();
    }

    List<Server> list(UUID clientId, UUID contractId, boolean includeArchived) {
        return jdbc.sql("select * from servers where (cast(? as uuid) is null or client_id = ?)"
                        + " and (cast(? as uuid) is null or contract_id = ?) and (? or archived_at is null)"
                        + " order by lower(hostname)")
                .params(clientId, clientId, contractId, contractId, includeArchived).query(MAPPER).list();
    }

    void insert(Server s) {
        jdbc.sql("insert into servers (id, client_id, contract_id, hostname, role, supplier, supplier_reference,"
                        + " datacenter, model, public_ips, notes, created_at, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(s.id(), s.clientId(), s.contractId(), s.hostname(), s.role().name(), s.supplier(),
                        s.supplierReference(), s.datacenter(), s.model(), s.publicIps().toArray(String[]::new),
                        s.notes(), SqlTime.timestamp(s.createdAt()), SqlTime.timestamp(s.updatedAt()))
                .update();
    }

    void update(Server s) {
        jdbc.sql("update servers set contract_id = ?, hostname = ?, role = ?, supplier = ?, supplier_reference = ?,"
                        + " datacenter = ?, model = ?, public_ips = ?, notes = ?, updated_at = ?, archived_at = ?"
                        + " where id = ?")
                .params(s.contractId(), s.hostname(), s.role().name(), s.supplier(), s.supplierReference(),
                        s.datacenter(), s.model(), s.publicIps().toArray(String[]::new), s.notes(), SqlTime.timestamp(s.updatedAt()),
                        SqlTime.timestamp(s.archivedAt()), s.id())
                .update();
    }
}

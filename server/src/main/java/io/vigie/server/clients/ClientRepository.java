package io.vigie.server.clients;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vigie.server.platform.SqlTime;

/** SQL for the {@code clients} and {@code client_contacts} tables. */
@Repository
class ClientRepository {

    private static final RowMapper<Client> CLIENT = (rs, n) -> new Client(rs.getObject("id", UUID.class),
            rs.getString("name"), rs.getString("siren"), rs.getString("vat_number"), rs.getString("address_line1"),
            rs.getString("address_line2"), rs.getString("postal_code"), rs.getString("city"), rs.getString("country"),
            SqlTime.instant(rs.getTimestamp("created_at")), SqlTime.instant(rs.getTimestamp("updated_at")), SqlTime.instant(rs.getTimestamp("archived_at")));
    private static final RowMapper<ClientContact> CONTACT = (rs, n) -> new ClientContact(
            rs.getObject("id", UUID.class), rs.getObject("client_id", UUID.class), rs.getString("name"),
            rs.getString("email"), rs.getString("phone"), rs.getBoolean("billing"), rs.getBoolean("technical"),
            rs.getBoolean("notify"));

    private final JdbcClient jdbc;

    ClientRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Client> find(UUID id) {
        return jdbc.sql("select * from clients where id = ?").param(id).query(CLIENT).optional();
    }

    List<Client> list(UUID onlyClient, boolean includeArchived, String search) {
        String like = search == null || search.isBlank() ? null : "%" + search.strip() + "%";
        return jdbc.sql("select * from clients where (cast(? as uuid) is null or id = ?)"
                        + " and (? or archived_at is null)"
                        + " and (cast(? as text) is null or name ilike ? or siren like ?) order by lower(name)")
                .params(onlyClient, onlyClient, includeArchived, like, like, like).query(CLIENT).list();
    }

    void insert(Client c) {
        jdbc.sql("insert into clients (id, name, siren, vat_number, address_line1, address_line2, postal_code, city,"
                        + " country, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(c.id(), c.name(), c.siren(), c.vatNumber(), c.addressLine1(), c.addressLine2(), c.postalCode(),
                        c.city(), c.country(), SqlTime.timestamp(c.createdAt()), SqlTime.timestamp(c.updatedAt()))
                .update();
    }

    void update(Client c) {
        jdbc.sql("update clients set name = ?, siren = ?, vat_number = ?, address_line1 = ?, address_line2 = ?,"
                        + " postal_code = ?, city = ?, country = ?, updated_at = ?, archived_at = ? where id = ?")
                .params(c.name(), c.siren(), c.vatNumber(), c.addressLine1(), c.addressLine2(), c.postalCode(),
                        c.city(), c.country(), SqlTime.timestamp(c.updatedAt()), SqlTime.timestamp(c.archivedAt()), c.id())
                .update();
    }

    boolean sirenTaken(String siren, UUID except) {
        return jdbc.sql("select count(*) from clients where siren = ? and archived_at is null and id <> ?")
                .params(siren, except).query(Long.class).single() > 0;
    }

    List<ClientContact> contacts(UUID clientId) {
        return jdbc.sql("select * from client_contacts where client_id = ? order by lower(name)").param(clientId)
                .query(CONTACT).list();
    }

    Optional<ClientContact> contact(UUID id) {
        return jdbc.sql("select * from client_contacts where id = ?").param(id).query(CONTACT).optional();
    }

    void insertContact(ClientContact c, Instant now) {
        jdbc.sql("insert into client_contacts (id, client_id, name, email, phone, billing, technical, notify, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(c.id(), c.clientId(), c.name(), c.email(), c.phone(), c.billing(), c.technical(), c.notifications(),
                        SqlTime.timestamp(now))
                .update();
    }

    void updateContact(ClientContact c) {
        jdbc.sql("update client_contacts set name = ?, email = ?, phone = ?, billing = ?, technical = ?, notify = ?"
                        + " where id = ?")
                .params(c.name(), c.email(), c.phone(), c.billing(), c.technical(), c.notifications(), c.id()).update();
    }

    void deleteContact(UUID id) {
        jdbc.sql("delete from client_contacts where id = ?").param(id).update();
    }
}

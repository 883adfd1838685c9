package org.coldarchiving.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two databases of the local servers object by object and row by row, and names every
 * difference: a snapshot of each (catalog queries for every kind of object; every row of every table as
 * exact text, history rows of system-versioned tables included, in a deterministic order) and the
 * snapshots compared entry by entry. Reusable by any test that restores a database and must prove it is
 * the same as its source.
 *
 * <p>What differs by design is not compared: the database's own name, OIDs, creation times.
 */
public final class DatabaseComparison {

    private static final int MAX_REPORTED = 40;

    private DatabaseComparison() {
    }

    /** Fails naming every difference between two PostgreSQL databases. */
    public static void assertSamePostgres(String source, String restored) throws SQLException {
        report(source, restored, compare(postgresSnapshot(source), postgresSnapshot(restored)));
    }

    /** Fails naming every difference between two MariaDB databases. */
    public static void assertSameMariadb(String source, String restored) throws SQLException {
        report(source, restored, compare(mariadbSnapshot(source), mariadbSnapshot(restored)));
    }

    /** The differences between two PostgreSQL databases (empty when they hold the same). */
    public static List<String> postgresDifferences(String source, String restored) throws SQLException {
        return compare(postgresSnapshot(source), postgresSnapshot(restored));
    }

    /** The differences between two MariaDB databases (empty when they hold the same). */
    public static List<String> mariadbDifferences(String source, String restored) throws SQLException {
        return compare(mariadbSnapshot(source), mariadbSnapshot(restored));
    }

    private static void report(String source, String restored, List<String> differences) {
        if (!differences.isEmpty()) {
            throw new AssertionError(differences.size() + " difference(s) between " + source + " and " + restored
                    + ":\n  " + String.join("\n  ", differences.subList(0, Math.min(MAX_REPORTED, differences.size()))));
        }
    }

    /** Entry by entry: missing, extra, or the first line that differs (and the counts). */
    static List<String> compare(Map<String, List<String>> source, Map<String, List<String>> restored) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(source.keySet());
        keys.addAll(restored.keySet());
        for (String key : keys) {
            List<String> a = source.get(key);
            List<String> b = restored.get(key);
            if (b == null) {
                differences.add(key + ": missing from the restored database (source: " + abbreviate(a) + ")");
            } else if (a == null) {
                differences.add(key + ": only in the restored database (" + abbreviate(b) + ")");
            } else if (!a.equals(b)) {
                int i = 0;
                while (i < Math.min(a.size(), b.size()) && a.get(i).equals(b.get(i))) {
                    i++;
                }
                differences.add(key + ": differs at line " + (i + 1) + " of " + a.size() + " (restored: " + b.size()
                        + "): source [" + (i < a.size() ? cut(a.get(i)) : "<none>") + "] restored ["
                        + (i < b.size() ? cut(b.get(i)) : "<none>") + "]");
            }
        }
        return differences;
    }

    private static String abbreviate(List<String> lines) {
        return lines.size() + " line(s), first [" + (lines.isEmpty() ? "" : cut(lines.get(0))) + "]";
    }

    private static String cut(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    // ---- PostgreSQL ------------------------------------------------------------------------------

    private static final String USER_NAMESPACES = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
            + "AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'";

    static Map<String, List<String>> postgresSnapshot(String database) throws SQLException {
        Map<String, List<String>> snapshot = new TreeMap<>();
        try (Connection c = LocalServices.postgres(database)) {
            LocalServices.execute(c, "SET TimeZone = 'UTC'", "SET DateStyle = 'ISO, YMD'", "SET IntervalStyle = 'postgres'",
                    "SET extra_float_digits = 3", "SET bytea_output = 'hex'");
            put(snapshot, c, "database: encoding, collation, ctype, comment, settings",
                    "SELECT pg_encoding_to_char(d.encoding) || ' ' || d.datcollate || ' ' || d.datctype || ' ' "
                            + "|| coalesce(shobj_description(d.oid, 'pg_database'), '<no comment>') FROM pg_database d "
                            + "WHERE d.datname = current_database() "
                            + "UNION ALL SELECT coalesce(r.rolname, '<every role>') || ': ' || s.setconfig::text "
                            + "FROM pg_db_role_setting s LEFT JOIN pg_roles r ON r.oid = s.setrole "
                            + "WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())");
            put(snapshot, c, "database: privileges", "SELECT coalesce(datacl::text, '<default>') FROM pg_database "
                    + "WHERE datname = current_database()");
            put(snapshot, c, "extensions", "SELECT e.extname || ' ' || e.extversion || ' in ' || n.nspname "
                    + "FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace");
            put(snapshot, c, "schemas", "SELECT quote_ident(n.nspname) || ' owner ' || pg_get_userbyid(n.nspowner) || ' acl '"
                    + " || coalesce(n.nspacl::text, '-') || ' comment ' || coalesce(obj_description(n.oid, 'pg_namespace'), '-') "
                    + "FROM pg_namespace n WHERE " + USER_NAMESPACES);
            put(snapshot, c, "default privileges", "SELECT pg_get_userbyid(d.defaclrole) || ' ' || coalesce(n.nspname, '-') "
                    + "|| ' ' || d.defaclobjtype::text || ' ' || d.defaclacl::text FROM pg_default_acl d "
                    + "LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace");
            put(snapshot, c, "types: enums", "SELECT quote_ident(n.nspname) || '.' || quote_ident(t.typname) || ' = ' "
                    + "|| string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_type t "
                    + "JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid "
                    + "WHERE " + USER_NAMESPACES + " GROUP BY n.nspname, t.typname");
            put(snapshot, c, "types: domains", "SELECT quote_ident(n.nspname) || '.' || quote_ident(t.typname) || ' ' "
                    + "|| format_type(t.typbasetype, t.typtypmod) || ' not null ' || t.typnotnull || ' default ' "
                    + "|| coalesce(t.typdefault, '-') || ' owner ' || pg_get_userbyid(t.typowner) || ' ' "
                    + "|| coalesce((SELECT string_agg(con.conname || ' ' || pg_get_constraintdef(con.oid), '; ' "
                    + "ORDER BY con.conname) FROM pg_constraint con WHERE con.contypid = t.oid), '') FROM pg_type t "
                    + "JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'd' AND " + USER_NAMESPACES);
            put(snapshot, c, "policies", "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) || ' ' "
                    + "|| quote_ident(policyname) || ' ' || permissive || ' ' || roles::text || ' ' || cmd || ' using ' "
                    + "|| coalesce(qual, '-') || ' check ' || coalesce(with_check, '-') FROM pg_policies");
            put(snapshot, c, "functions", "SELECT quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '('"
                    + " || pg_get_function_identity_arguments(p.oid) || ') kind ' || p.prokind::text || ' owner ' "
                    + "|| pg_get_userbyid(p.proowner) || ' acl ' || coalesce(p.proacl::text, '-') || ' comment ' "
                    + "|| coalesce(obj_description(p.oid, 'pg_proc'), '-') || E'\\n' || CASE WHEN p.prokind = 'a' THEN "
                    + "(SELECT a.aggtransfn::text || ' ' || format_type(a.aggtranstype, NULL) || ' ' "
                    + "|| coalesce(a.agginitval, '-') FROM pg_aggregate a WHERE a.aggfnoid = p.oid) "
                    + "ELSE pg_get_functiondef(p.oid) END FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    + "WHERE " + USER_NAMESPACES);
            put(snapshot, c, "sequences", "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) || ' ' "
                    + "|| data_type || ' start ' || start_value || ' min ' || min_value || ' max ' || max_value || ' by ' "
                    + "|| increment_by || ' cycle ' || cycle || ' cache ' || cache_size || ' last ' "
                    + "|| coalesce(last_value::text, '<not called>') || ' owner ' || sequenceowner FROM pg_sequences");
            put(snapshot, c, "large objects", "SELECT m.oid || ' owner ' || pg_get_userbyid(m.lomowner) || ' acl ' "
                    + "|| coalesce(m.lomacl::text, '-') || ' comment ' || coalesce(obj_description(m.oid, 'pg_largeobject'), '-') "
                    + "|| ' md5 ' || md5(lo_get(m.oid)) FROM pg_largeobject_metadata m");
            List<String[]> relations = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT c.oid, quote_ident(n.nspname) "
                    + "|| '.' || quote_ident(c.relname), c.relkind FROM pg_class c JOIN pg_namespace n "
                    + "ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'c', 'f') AND " + USER_NAMESPACES
                    + "")) {
                while (rs.next()) {
                    relations.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            for (String[] relation : relations) {
                String oid = relation[0];
                String name = "relation " + relation[1];
                put(snapshot, c, name, "SELECT c.relkind::text || ' owner ' || pg_get_userbyid(c.relowner) || ' persistence ' "
                        + "|| c.relpersistence::text || ' rls ' || c.relrowsecurity || ' force ' || c.relforcerowsecurity "
                        + "|| ' options ' || coalesce(c.reloptions::text, '-') || ' acl ' || coalesce(c.relacl::text, '-') "
                        + "|| ' replica ' || c.relreplident::text || ' partition key ' || coalesce(pg_get_partkeydef(c.oid), '-') "
                        + "|| ' bound ' || coalesce(pg_get_expr(c.relpartbound, c.oid), '-') || ' comment ' "
                        + "|| coalesce(obj_description(c.oid, 'pg_class'), '-') || CASE WHEN c.relkind IN ('v', 'm') "
                        + "THEN E'\\n' || pg_get_viewdef(c.oid) ELSE '' END || ' populated ' || c.relispopulated "
                        + "FROM pg_class c WHERE c.oid = " + oid);
                put(snapshot, c, name + " columns", "SELECT a.attnum || ' ' || quote_ident(a.attname) || ' ' "
                        + "|| format_type(a.atttypid, a.atttypmod) || ' not null ' || a.attnotnull || ' identity ' "
                        + "|| a.attidentity::text || ' generated ' || a.attgenerated::text || ' default ' "
                        + "|| coalesce(pg_get_expr(d.adbin, d.adrelid), '-') || ' collation ' || coalesce(co.collname, '-') "
                        + "|| ' acl ' || coalesce(a.attacl::text, '-') || ' comment ' "
                        + "|| coalesce(col_description(a.attrelid, a.attnum), '-') FROM pg_attribute a "
                        + "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                        + "LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 0 "
                        + "WHERE a.attrelid = " + oid + " AND a.attnum > 0 AND NOT a.attisdropped");
                put(snapshot, c, name + " constraints", "SELECT quote_ident(conname) || ' ' || pg_get_constraintdef(oid) "
                        + "|| ' comment ' || coalesce(obj_description(oid, 'pg_constraint'), '-') FROM pg_constraint "
                        + "WHERE conrelid = " + oid);
                put(snapshot, c, name + " indexes", "SELECT pg_get_indexdef(i.indexrelid) || ' clustered ' || i.indisclustered "
                        + "|| ' comment ' || coalesce(obj_description(i.indexrelid, 'pg_class'), '-') FROM pg_index i "
                        + "WHERE i.indrelid = " + oid);
                put(snapshot, c, name + " triggers", "SELECT pg_get_triggerdef(oid) || ' enabled ' || tgenabled::text "
                        + "|| ' comment ' || coalesce(obj_description(oid, 'pg_trigger'), '-') FROM pg_trigger "
                        + "WHERE tgrelid = " + oid + " AND NOT tgisinternal");
                if ("r".equals(relation[2]) || "m".equals(relation[2])) {
                    put(snapshot, c, name + " rows", "SELECT t::text FROM " + relation[1] + " t");
                }
            }
        }
        snapshot.values().removeIf(List::isEmpty);
        return snapshot;
    }

    // ---- MariaDB ---------------------------------------------------------------------------------

    private static final List<String> BINARY_TYPES = List.of("binary", "varbinary", "tinyblob", "blob", "mediumblob",
            "longblob", "bit", "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring",
            "multipolygon", "geometrycollection");

    static Map<String, List<String>> mariadbSnapshot(String database) throws SQLException {
        Map<String, List<String>> snapshot = new TreeMap<>();
        try (Connection c = LocalServices.mariadb("")) {
            // USE, not the driver's database property, which cannot select a name with a quote or a backslash
            LocalServices.execute(c, "USE " + identifier(database), "SET time_zone = '+00:00'", "SET sql_mode = ''", "SET NAMES utf8mb4",
                    "SET SESSION group_concat_max_len = 1073741824");
            String db = literal(database);
            put(snapshot, c, "database: character set, collation, comment", "SELECT CONCAT_WS(' ', "
                    + "DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME, SCHEMA_COMMENT) FROM information_schema.SCHEMATA "
                    + "WHERE SCHEMA_NAME = " + db);
            List<String[]> tables = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT TABLE_NAME, TABLE_TYPE "
                    + "FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + db)) {
                while (rs.next()) {
                    tables.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] table : tables) {
                String name = identifier(table[0]);
                String key = table[1].toLowerCase() + " " + name;
                put(snapshot, c, key, "SELECT CONCAT_WS(' | ', TABLE_TYPE, ENGINE, TABLE_COLLATION, CREATE_OPTIONS, "
                        + "TABLE_COMMENT) FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + db + " AND TABLE_NAME = "
                        + literal(table[0]));
                if ("VIEW".equals(table[1])) {
                    put(snapshot, c, key + " definition", "SELECT CONCAT_WS(' | ', VIEW_DEFINITION, CHECK_OPTION, "
                            + "IS_UPDATABLE, DEFINER, SECURITY_TYPE, CHARACTER_SET_CLIENT, COLLATION_CONNECTION, ALGORITHM) "
                            + "FROM information_schema.VIEWS WHERE TABLE_SCHEMA = " + db + " AND TABLE_NAME = "
                            + literal(table[0]));
                    continue;
                }
                snapshot.put(key + " create", List.of(showCreate(c, "SHOW CREATE TABLE " + name, 2).split("\n")));
                put(snapshot, c, key + " columns", "SELECT CONCAT_WS(' | ', ORDINAL_POSITION, COLUMN_NAME, COLUMN_TYPE, "
                        + "IS_NULLABLE, IFNULL(COLUMN_DEFAULT, '<no default>'), EXTRA, GENERATION_EXPRESSION, "
                        + "IFNULL(COLLATION_NAME, '-'), COLUMN_COMMENT) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                        + db + " AND TABLE_NAME = " + literal(table[0]));
                put(snapshot, c, key + " indexes", "SELECT CONCAT_WS(' | ', INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, "
                        + "NON_UNIQUE, INDEX_TYPE, IFNULL(SUB_PART, '-'), INDEX_COMMENT) FROM information_schema.STATISTICS "
                        + "WHERE TABLE_SCHEMA = " + db + " AND TABLE_NAME = " + literal(table[0]));
                put(snapshot, c, key + " constraints", "SELECT CONCAT_WS(' | ', tc.CONSTRAINT_NAME, tc.CONSTRAINT_TYPE, "
                        + "IFNULL(cc.CHECK_CLAUSE, '-'), IFNULL(rc.REFERENCED_TABLE_NAME, '-'), IFNULL(rc.UPDATE_RULE, '-'), "
                        + "IFNULL(rc.DELETE_RULE, '-')) FROM information_schema.TABLE_CONSTRAINTS tc "
                        + "LEFT JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA "
                        + "AND cc.TABLE_NAME = tc.TABLE_NAME AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME "
                        + "LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS rc ON rc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA "
                        + "AND rc.TABLE_NAME = tc.TABLE_NAME AND rc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME "
                        + "WHERE tc.TABLE_SCHEMA = " + db + " AND tc.TABLE_NAME = " + literal(table[0]));
                if ("SEQUENCE".equals(table[1])) {
                    put(snapshot, c, key + " state", "SELECT CONCAT_WS(' | ', next_not_cached_value, minimum_value, "
                            + "maximum_value, start_value, increment, cache_size, cycle_option, cycle_count) FROM " + name);
                } else {
                    snapshot.put(key + " rows", rows(c, database, table[0], "SYSTEM VERSIONED".equals(table[1])));
                }
            }
            for (String kind : List.of("FUNCTION", "PROCEDURE")) {
                for (String routine : names(c, "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = "
                        + db + " AND ROUTINE_TYPE = '" + kind + "'")) {
                    snapshot.put(kind.toLowerCase() + " " + identifier(routine), showCreateAll(c, "SHOW CREATE " + kind
                            + " " + identifier(routine)));
                    put(snapshot, c, kind.toLowerCase() + " " + identifier(routine) + " properties", "SELECT CONCAT_WS(' | ', "
                            + "DEFINER, SECURITY_TYPE, IS_DETERMINISTIC, SQL_DATA_ACCESS, ROUTINE_COMMENT, SQL_MODE) "
                            + "FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = " + db + " AND ROUTINE_NAME = "
                            + literal(routine) + " AND ROUTINE_TYPE = '" + kind + "'");
                }
            }
            for (String trigger : names(c, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = " + db)) {
                put(snapshot, c, "trigger " + identifier(trigger), "SELECT CONCAT_WS(' | ', EVENT_OBJECT_TABLE, "
                        + "ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER, ACTION_STATEMENT, SQL_MODE, DEFINER, "
                        + "CHARACTER_SET_CLIENT, COLLATION_CONNECTION, DATABASE_COLLATION) FROM information_schema.TRIGGERS "
                        + "WHERE TRIGGER_SCHEMA = " + db + " AND TRIGGER_NAME = " + literal(trigger));
            }
            for (String event : names(c, "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " + db)) {
                put(snapshot, c, "event " + identifier(event), "SELECT CONCAT_WS(' | ', DEFINER, TIME_ZONE, EVENT_BODY, "
                        + "EVENT_DEFINITION, EVENT_TYPE, IFNULL(EXECUTE_AT, '-'), IFNULL(INTERVAL_VALUE, '-'), "
                        + "IFNULL(INTERVAL_FIELD, '-'), SQL_MODE, IFNULL(STARTS, '-'), IFNULL(ENDS, '-'), STATUS, "
                        + "ON_COMPLETION, EVENT_COMMENT, ORIGINATOR, CHARACTER_SET_CLIENT, COLLATION_CONNECTION, "
                        + "DATABASE_COLLATION) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " + db
                        + " AND EVENT_NAME = " + literal(event));
            }
        }
        snapshot.values().removeIf(List::isEmpty);
        // the database's own name (in view definitions) differs by design
        String qualifier = identifier(database) + ".";
        snapshot.replaceAll((key, lines) -> lines.stream().map(l -> l.replace(qualifier, "`<database>`.")).toList());
        return snapshot;
    }

    /** Every row of a table (history rows too), each value as exact text, in a deterministic order. */
    private static List<String> rows(Connection c, String database, String table, boolean versioned) throws SQLException {
        List<String> expressions = new ArrayList<>();
        boolean explicitPeriod = false;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COLUMN_NAME, DATA_TYPE, "
                + "GENERATION_EXPRESSION FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " + literal(database)
                + " AND TABLE_NAME = " + literal(table) + " ORDER BY ORDINAL_POSITION")) {
            while (rs.next()) {
                expressions.add(value(identifier(rs.getString(1)), rs.getString(2)));
                explicitPeriod |= "ROW START".equals(rs.getString(3));
            }
        }
        if (versioned && !explicitPeriod) {
            expressions.add(value("ROW_START", "timestamp"));
            expressions.add(value("ROW_END", "timestamp"));
        }
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + String.join(", ", expressions)
                + " FROM " + identifier(table) + (versioned ? " FOR SYSTEM_TIME ALL" : ""))) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rs.getString(i));
                }
                rows.add(String.join(" ␟ ", values));
            }
        }
        rows.sort(null);
        return rows;
    }

    /** A column's value as exact text: binary and spatial values as hex, NULL apart from any text. */
    private static String value(String column, String type) {
        String text = BINARY_TYPES.contains(type) ? "HEX(" + column + ")" : "CAST(" + column + " AS CHAR)";
        return "IF(" + column + " IS NULL, 'NULL', CONCAT('=', " + text + "))";
    }

    private static List<String> names(Connection c, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static String showCreate(Connection c, String sql, int column) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(column);
        }
    }

    /** Every column of a SHOW CREATE statement's row, by name (routines: text, sql_mode, character sets). */
    private static List<String> showCreateAll(Connection c, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                lines.add(meta.getColumnLabel(i) + ": " + rs.getString(i));
            }
        }
        return lines;
    }

    private static void put(Map<String, List<String>> snapshot, Connection c, String key, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                lines.add(String.valueOf(rs.getString(1)));
            }
        }
        lines.sort(null);
        snapshot.merge(key, lines, (a, b) -> {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        });
    }

    private static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}

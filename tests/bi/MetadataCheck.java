// What a BI tool sees: connects with the PostgreSQL JDBC driver (the one
// Metabase uses), as a login role that is only a member of
// scorecard_reader, and uses nothing but standard JDBC metadata calls and
// SQL. It knows nothing of pg_scorecard beyond the schema name.
//
//   java -cp /usr/share/java/postgresql.jar tests/bi/MetadataCheck.java URL USER
//
// Checks: every view of schema "scorecard" is listed with a description
// (REMARKS, i.e. COMMENT ON); every view column has a plain type a
// dashboard can use and a description; every view can be queried; writing
// is refused (SQLSTATE 42501). Ends with "bi: N passed, M failed".
import java.sql.*;
import java.util.*;

public class MetadataCheck {
    static int passed = 0, failed = 0;

    static void check(boolean ok, String what) {
        if (ok) { passed++; } else { failed++; System.out.println("FAILED: " + what); }
    }

    public static void main(String[] args) throws Exception {
        Set<String> plain = Set.of("date", "text", "int4", "int8", "numeric", "bool");
        try (Connection c = DriverManager.getConnection(args[0], args[1], "")) {
            DatabaseMetaData md = c.getMetaData();
            System.out.println("driver: " + md.getDriverName() + " " + md.getDriverVersion());
            List<String> views = new ArrayList<>();
            try (ResultSet rs = md.getTables(null, "scorecard", "%", new String[] {"VIEW"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    views.add(name);
                    String remarks = rs.getString("REMARKS");
                    check(remarks != null && !remarks.isBlank(), "view " + name + " has a description");
                }
            }
            Collections.sort(views);
            check(views.size() >= 10, "at least 10 views listed (got " + views.size() + ")");
            int columns = 0;
            for (String view : views) {
                try (ResultSet rs = md.getColumns(null, "scorecard", view, "%")) {
                    while (rs.next()) {
                        columns++;
                        String col = view + "." + rs.getString("COLUMN_NAME");
                        String type = rs.getString("TYPE_NAME");
                        String remarks = rs.getString("REMARKS");
                        check(plain.contains(type), col + " has a plain type (got " + type + ")");
                        check(remarks != null && !remarks.isBlank(), col + " has a description");
                    }
                }
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT * FROM scorecard." + view + " LIMIT 3")) {
                    int n = 0;
                    while (rs.next()) { n++; }
                    check(true, view + " can be queried");
                } catch (SQLException e) {
                    check(false, view + " can be queried: " + e.getMessage());
                }
            }
            System.out.println("views: " + views.size() + ", columns: " + columns);
            // A dashboard's query on the sample: the Director's June 2016
            // numbers, on the organisation's scorecard (a dashboard filter on
            // org_unit, as for any unit).
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT discipline, round(balance, 4) FROM scorecard.discipline_scores"
                    + " WHERE org_unit = ? AND period_grain = 'month' AND period_start = ? ORDER BY sort_order")) {
                ps.setString(1, "Betz County Health Department");
                ps.setDate(2, java.sql.Date.valueOf("2016-06-01"));
                StringBuilder got = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) { got.append(rs.getString(1)).append('=').append(rs.getBigDecimal(2).toPlainString()).append(' '); }
                }
                System.out.println("June 2016: " + got.toString().trim());
                check(got.toString().equals("Finance=-0.2830 Customer=0.0100 Learning and Growth=-0.0100 Process=0.0070 "),
                      "June 2016 balances read through JDBC");
            }
            // Read-only: a write is refused.
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM scorecard.observation");
                check(false, "a write by the reader is refused");
            } catch (SQLException e) {
                check("42501".equals(e.getSQLState()), "a write by the reader is refused with 42501 (got " + e.getSQLState() + ")");
            }
        }
        System.out.println("bi: " + passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}

package tw.kuayu.benchmarks;

import java.sql.Timestamp;
import java.time.Instant;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * EXPLAIN ANALYZE of the SQL a Kuayu mapper really sends for a given parameter (MyBatis' bound
 * statement with its parameters filled in), for the printouts behind docs/benchmarks.md.
 */
final class Explain {

    static boolean wanted() {
        return Boolean.getBoolean("bench.explain");
    }

    static String of(KuayuApp app, BulkLoad load, Class<?> mapper, String method, Object parameter) throws Exception {
        Configuration config = app.context.getBean(SqlSessionFactory.class).getConfiguration();
        BoundSql bound = config.getMappedStatement(mapper.getName() + "." + method).getBoundSql(parameter);
        Object[] args = bound.getParameterMappings().stream().map(m -> {
            String property = m.getProperty();
            Object value = bound.hasAdditionalParameter(property) ? bound.getAdditionalParameter(property)
                    : config.newMetaObject(parameter).getValue(property);
            return value instanceof Instant instant ? Timestamp.from(instant) : value;
        }).toArray();
        return load.explain(bound.getSql(), args);
    }

    private Explain() {
    }
}

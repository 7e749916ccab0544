package tw.kuayu.audit;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.audit.DataAccessLogMapper.DataAccessEntry;

/**
 * Appends to the data-access log in its own transaction: a lookup that happened stays logged
 * even when the step that made it fails and rolls back.
 */
@Component
public class DataAccessLog {

    /** Outcomes of a lookup. */
    public static final String FOUND = "found";
    public static final String NO_RECORD = "no-record";
    public static final String FAILED = "failed";
    public static final String REFUSED = "refused";

    private final DataAccessLogMapper mapper;

    public DataAccessLog(DataAccessLogMapper mapper) {
        this.mapper = mapper;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void append(DataAccessEntry entry) {
        mapper.insert(entry);
    }
}

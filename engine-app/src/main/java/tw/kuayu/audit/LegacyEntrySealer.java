package tw.kuayu.audit;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tw.kuayu.audit.DataAccessLogMapper.ChainRow;

/**
 * At start-up, links entries written before the hash chain existed into it, oldest first, so the
 * chain covers the whole log from then on. Once done, an unchained entry can only come from
 * outside Kuayu, and the verification reports it.
 */
@Component
class LegacyEntrySealer {

    private static final Logger log = LoggerFactory.getLogger(LegacyEntrySealer.class);

    private final DataAccessLogMapper mapper;
    private final DataAccessLog accessLog;

    LegacyEntrySealer(DataAccessLogMapper mapper, DataAccessLog accessLog) {
        this.mapper = mapper;
        this.accessLog = accessLog;
    }

    @EventListener(ApplicationReadyEvent.class)
    void sealLegacyEntries() {
        int sealed = 0;
        for (List<ChainRow> rows = mapper.unchained(500); !rows.isEmpty(); rows = mapper.unchained(500)) {
            rows.forEach(accessLog::seal);
            sealed += rows.size();
        }
        if (sealed > 0) {
            log.info("linked {} data-access log entries written before the hash chain existed into the chain", sealed);
        }
    }
}

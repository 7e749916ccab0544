package tw.kuayu.security.personaldata;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tw.kuayu.security.personaldata.PersonalDataMapper.CaseRow;
import tw.kuayu.security.personaldata.PersonalDataMapper.ConsentRow;
import tw.kuayu.security.personaldata.PersonalDataMapper.EvidenceRow;
import tw.kuayu.security.personaldata.PersonalDataMapper.MatchingItemRow;
import tw.kuayu.security.personaldata.PersonalDataMapper.OpinionRow;
import tw.kuayu.security.personaldata.PersonalDataMapper.State;

/**
 * Keeps every stored piece of personal data sealed with the current key and every search hash made with
 * the current search key — but only does work when the keys changed:
 * <ul>
 * <li>the state row ({@code kuayu_personal_data_state}) records the keys ({@link #keysInUse}) the sealer
 *     last finished with; a start with the same keys reads one row and touches nothing else;</li>
 * <li>otherwise, before the application serves, it refuses to start when values are sealed (or hashed)
 *     with a key that is not configured; on a database that never finished a run (an upgrade: clear
 *     rows, hashes without key id) it seals everything before serving, so every lookup finds every row;</li>
 * <li>after a key rotation it re-seals and re-hashes once the application serves (lookups compare under
 *     the current and the previous search key meanwhile), then records the new keys.</li>
 * </ul>
 * Work goes in batches (keyset order, each row's update committed on its own), under a lease lock in
 * the state row renewed at every batch: a second node starting at the same time leaves the work to the
 * first, a run cut short (crash, restart) leaves the keys unrecorded and the next start finishes it,
 * a node that died holding the lock loses it when the lease runs out. Nothing here logs personal data:
 * only counts and key ids.
 */
@Component
@DependsOnDatabaseInitialization
public class PersonalDataSealer implements InitializingBean {

    static final int BATCH = 200;
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(PersonalDataSealer.class);

    /** How a run ended. */
    public enum Outcome {
        /** The keys are those of the last finished run: nothing read, nothing written. */
        UP_TO_DATE,
        /** Every row is sealed and hashed with the current keys, which are now recorded. */
        DONE,
        /** Another node holds the lock: it does the work. */
        BUSY,
        /** Cut short (batch limit, lost lease): the next run continues. */
        STOPPED
    }

    /** What a run did: {@code rowsRead} rows read from the personal-data tables, {@code rowsWritten} of them written. */
    public record Result(Outcome outcome, long rowsRead, long rowsWritten) {
    }

    private final PersonalDataMapper rows;
    private final PersonalDataCipher cipher;
    private final Clock clock;
    private final String node = UUID.randomUUID().toString();
    private volatile Result last;

    @Autowired
    PersonalDataSealer(PersonalDataMapper rows, PersonalDataCipher cipher) {
        this(rows, cipher, Clock.systemUTC());
    }

    PersonalDataSealer(PersonalDataMapper rows, PersonalDataCipher cipher, Clock clock) {
        this.rows = rows;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** The keys a finished run is recorded with: the sealing key and the search key that new values get. */
    String keysInUse() {
        return "seal=" + cipher.currentKey() + ";hash=" + cipher.currentSearchKey();
    }

    /** The last run's result (for tests and operators' health checks). */
    public Result lastRun() {
        return last;
    }

    /** Before serving: refuses unreadable data; on a database that never finished a run, seals everything now. */
    @Override
    public void afterPropertiesSet() {
        State state = state();
        if (keysInUse().equals(state.doneKeys())) {
            last = new Result(Outcome.UP_TO_DATE, 0, 0);
            log.debug("personal data already sealed and hashed with keys {}: nothing to do", keysInUse());
            return;
        }
        refuseUnreadableData();
        if (state.doneKeys() == null) {
            // first start on this database (or after an upgrade): clear rows and hashes without key id exist until sealed
            Result result = run(BATCH, Integer.MAX_VALUE);
            while (result.outcome() == Outcome.BUSY) {
                sleep(); // another node is sealing the upgraded database; lookups need it finished before serving
                result = run(BATCH, Integer.MAX_VALUE);
            }
        }
    }

    /** After a key rotation: re-seals and re-hashes while the application serves. Returns the number of rows written. */
    @EventListener(ApplicationReadyEvent.class)
    public long resealWithCurrentKey() {
        return run(BATCH, Integer.MAX_VALUE).rowsWritten();
    }

    /** One run: nothing when the keys are recorded as done, else (under the lock) every stale row, in batches. */
    Result run(int batchSize, int maxBatches) {
        if (keysInUse().equals(state().doneKeys())) {
            return done(new Result(Outcome.UP_TO_DATE, 0, 0));
        }
        if (rows.lock(node, clock.instant(), clock.instant().plus(LEASE)) != 1) {
            log.info("another node is sealing personal data; this one leaves it the work");
            return done(new Result(Outcome.BUSY, 0, 0));
        }
        if (keysInUse().equals(state().doneKeys())) { // another node finished between the first look and the lock
            rows.unlock(node);
            return done(new Result(Outcome.UP_TO_DATE, 0, 0));
        }
        Run run = new Run(batchSize, maxBatches);
        boolean finished = false;
        try {
            finished = run.all();
        } finally {
            if (finished) {
                rows.finish(node, keysInUse(), clock.instant());
            } else if (!run.stopped) {
                rows.unlock(node); // failed: release, the next start retries
            }
        }
        if (run.written.get() > 0) {
            log.info("sealed and hashed personal data with keys {}: {} rows rewritten of {} read{}", keysInUse(), run.written.get(),
                    run.read.get(), finished ? "; keys other than these now seal nothing and may be retired" : ", to be continued");
        }
        return done(new Result(finished ? Outcome.DONE : Outcome.STOPPED, run.read.get(), run.written.get()));
    }

    private State state() {
        State state = rows.state();
        if (state == null) {
            throw new IllegalStateException("The personal-data sealer's state row is missing from kuayu_personal_data_state "
                    + "(changelog 020 inserts it): INSERT INTO kuayu_personal_data_state (id) VALUES ('sealer')");
        }
        return state;
    }

    private Result done(Result result) {
        last = result;
        return result;
    }

    private void refuseUnreadableData() {
        List<String> known = cipher.keyIds().stream().map(PersonalDataSealer::prefix).toList();
        long unreadable = rows.casesSealedWithOtherKeys(known) + rows.evidenceSealedWithOtherKeys(known)
                + rows.matchingItemsSealedWithOtherKeys(known) + rows.consentsSealedWithOtherKeys(known)
                + rows.opinionsSealedWithOtherKeys(known);
        if (unreadable > 0) {
            throw new IllegalStateException(unreadable + " stored personal-data values are sealed with a key that is not configured "
                    + "(configured: " + cipher.keyIds() + "). Add the missing key to kuayu.personal-data.keys or "
                    + "kuayu.personal-data.key-store; a key may only be retired after the re-sealing has finished (docs/operations.md).");
        }
        long unfindable = rows.casesHashedWithOtherKeys(cipher.searchKeyIds().stream().map(id -> id + ":%").toList());
        if (unfindable > 0) {
            throw new IllegalStateException(unfindable + " cases are hashed with a search key that is not configured (configured: "
                    + cipher.searchKeyIds() + "): lookups by national ID would miss them. Configure it again as the previous search key "
                    + "(kuayu.personal-data.search-keys) until the re-hash has finished (docs/operations.md).");
        }
    }

    /** One run's batches and counts. */
    private final class Run {
        final int batchSize;
        int batchesLeft;
        boolean stopped;
        final AtomicLong read = new AtomicLong();
        final AtomicLong written = new AtomicLong();
        final String prefix = prefix(cipher.currentKey());

        Run(int batchSize, int maxBatches) {
            this.batchSize = batchSize;
            this.batchesLeft = maxBatches;
        }

        boolean all() {
            return table(after -> rows.staleCases(prefix, cipher.currentSearchKey() + ":%", after, batchSize), CaseRow::id,
                    r -> rows.sealCase(r.id(), cipher.open(r.nationalId()), cipher.open(r.name()), cipher.open(r.data())))
                    && table(after -> rows.staleEvidence(prefix, after, batchSize), EvidenceRow::id,
                            r -> rows.sealEvidence(r.id(), cipher.open(r.data())))
                    && matchingItems()
                    && table(after -> rows.staleConsents(prefix, after, batchSize), ConsentRow::caseId,
                            r -> rows.sealConsent(r.caseId(), cipher.open(r.statement())))
                    && table(after -> rows.staleOpinions(prefix, after, batchSize), OpinionRow::id,
                            r -> rows.sealOpinion(r.id(), cipher.open(r.opinion())));
        }

        /** Reads stale rows batch after batch in key order and rewrites each; false when the run must stop. */
        <R> boolean table(Function<String, List<R>> batch, Function<R, String> key, ToIntFunction<R> seal) {
            String after = null;
            for (List<R> stale = batch.apply(after); !stale.isEmpty(); stale = batch.apply(after)) {
                if (!proceed()) {
                    return false;
                }
                read.addAndGet(stale.size());
                stale.forEach(r -> written.addAndGet(seal.applyAsInt(r)));
                after = key.apply(stale.get(stale.size() - 1));
            }
            return true;
        }

        boolean matchingItems() {
            String afterJob = null;
            int afterLine = -1;
            for (List<MatchingItemRow> batch = rows.staleMatchingItems(prefix, afterJob, afterLine, batchSize); !batch.isEmpty();
                 batch = rows.staleMatchingItems(prefix, afterJob, afterLine, batchSize)) {
                if (!proceed()) {
                    return false;
                }
                read.addAndGet(batch.size());
                batch.forEach(r -> written.addAndGet(rows.sealMatchingItem(r.jobId(), r.lineNo(), cipher.open(r.nationalId()),
                        cipher.open(r.data()))));
                afterJob = batch.get(batch.size() - 1).jobId();
                afterLine = batch.get(batch.size() - 1).lineNo();
            }
            return true;
        }

        /** Before each batch: within the batch limit, and the lease renewed (else another node took over). */
        boolean proceed() {
            if (batchesLeft-- <= 0) {
                stopped = true;
                return false;
            }
            if (rows.renew(node, clock.instant().plus(LEASE)) != 1) {
                log.warn("the personal-data sealing lease ran out and another node took over; this node stops");
                stopped = true;
                return false;
            }
            return true;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another node to seal personal data", e);
        }
    }

    static String prefix(String keyId) {
        return PersonalDataCipher.PREFIX + keyId + ":%";
    }
}

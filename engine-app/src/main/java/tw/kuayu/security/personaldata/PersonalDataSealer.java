package tw.kuayu.security.personaldata;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tw.kuayu.security.personaldata.PersonalDataMapper.CaseRow;
import tw.kuayu.security.personaldata.PersonalDataMapper.ConsentRow;
import tw.kuayu.security.personaldata.PersonalDataMapper.EvidenceRow;
import tw.kuayu.security.personaldata.PersonalDataMapper.MatchingItemRow;

/**
 * Keeps every stored national ID, application data and evidence snapshot sealed with the current key:
 * <ul>
 * <li>before the application serves (after Liquibase), refuses to start when rows are sealed with a
 *     key that is not configured, and seals rows written in clear before encryption existed
 *     (an upgraded database), emptying their clear columns;</li>
 * <li>once started, re-seals rows sealed with an older key (key rotation), so that key can then be
 *     retired (docs/security.md).</li>
 * </ul>
 * Each batch commits on its own; an interrupted run continues at the next start. Nothing here logs
 * personal data: only counts and key ids.
 */
@Component
@DependsOnDatabaseInitialization
public class PersonalDataSealer implements InitializingBean {

    static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(PersonalDataSealer.class);

    private final PersonalDataMapper rows;
    private final PersonalDataCipher cipher;

    PersonalDataSealer(PersonalDataMapper rows, PersonalDataCipher cipher) {
        this.rows = rows;
        this.cipher = cipher;
    }

    @Override
    public void afterPropertiesSet() {
        List<String> known = cipher.keyIds().stream().map(PersonalDataSealer::prefix).toList();
        long unreadable = rows.casesSealedWithOtherKeys(known) + rows.evidenceSealedWithOtherKeys(known)
                + rows.matchingItemsSealedWithOtherKeys(known) + rows.consentsSealedWithOtherKeys(known);
        if (unreadable > 0) {
            throw new IllegalStateException(unreadable + " stored personal-data values are sealed with a key that is not configured "
                    + "(configured: " + cipher.keyIds() + "). Add the missing key to kuayu.personal-data.keys or "
                    + "kuayu.personal-data.key-store; a key may only be retired after the re-sealing has finished (docs/security.md).");
        }
        int cases = 0;
        for (List<CaseRow> batch = rows.clearCases(BATCH); !batch.isEmpty(); batch = rows.clearCases(BATCH)) {
            batch.forEach(r -> rows.sealCase(r.id(), r.nationalId(), r.data()));
            cases += batch.size();
        }
        int evidence = 0;
        for (List<EvidenceRow> batch = rows.clearEvidence(BATCH); !batch.isEmpty(); batch = rows.clearEvidence(BATCH)) {
            batch.forEach(r -> rows.sealEvidence(r.id(), r.data()));
            evidence += batch.size();
        }
        if (cases + evidence > 0) {
            log.info("sealed personal data stored in clear before encryption at rest: {} cases, {} evidence snapshots (key {})",
                    cases, evidence, cipher.currentKey());
        }
        // matching items and consent statements (changelog 016): clear ones are sealed here, before serving
        int connectorRows = resealConnectorRows();
        if (connectorRows > 0) {
            log.info("sealed {} matching items and consent statements with key {}", connectorRows, cipher.currentKey());
        }
    }

    /** Seals matching items and consent statements not sealed with the current key (clear or an older key). */
    private int resealConnectorRows() {
        String current = prefix(cipher.currentKey());
        int sealed = 0;
        for (List<MatchingItemRow> batch = rows.staleMatchingItems(current, BATCH); !batch.isEmpty();
             batch = rows.staleMatchingItems(current, BATCH)) {
            batch.forEach(r -> rows.sealMatchingItem(r.jobId(), r.lineNo(), cipher.open(r.nationalId()), cipher.open(r.data())));
            sealed += batch.size();
        }
        for (List<ConsentRow> batch = rows.staleConsents(current, BATCH); !batch.isEmpty(); batch = rows.staleConsents(current, BATCH)) {
            batch.forEach(r -> rows.sealConsent(r.caseId(), cipher.open(r.statement())));
            sealed += batch.size();
        }
        return sealed;
    }

    /** Re-seals whatever an older key sealed; returns how many rows it re-sealed. */
    @EventListener(ApplicationReadyEvent.class)
    public int resealWithCurrentKey() {
        String current = prefix(cipher.currentKey());
        int cases = 0;
        for (List<CaseRow> batch = rows.staleCases(current, BATCH); !batch.isEmpty(); batch = rows.staleCases(current, BATCH)) {
            batch.forEach(r -> rows.sealCase(r.id(), cipher.open(r.nationalId()), cipher.open(r.data())));
            cases += batch.size();
        }
        int evidence = 0;
        for (List<EvidenceRow> batch = rows.staleEvidence(current, BATCH); !batch.isEmpty(); batch = rows.staleEvidence(current, BATCH)) {
            batch.forEach(r -> rows.sealEvidence(r.id(), cipher.open(r.data())));
            evidence += batch.size();
        }
        int connectorRows = resealConnectorRows();
        if (cases + evidence + connectorRows > 0) {
            log.info("re-sealed personal data with the current key {}: {} cases, {} evidence snapshots, {} matching items and "
                    + "consent statements; keys other than {} now seal nothing and may be retired", cipher.currentKey(), cases, evidence,
                    connectorRows, cipher.currentKey());
        }
        return cases + evidence + connectorRows;
    }

    static String prefix(String keyId) {
        return PersonalDataCipher.PREFIX + keyId + ":%";
    }
}

package tw.kuayu.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import tw.kuayu.audit.AuditEventMapper.AuditEvent;
import tw.kuayu.audit.DataAccessLogMapper.DataAccessEntry;

/**
 * The hash chains of the audit logs. A data-access log entry's hash is the lower-case hex SHA-256 of
 * {@code previousHash + "\n" + canonical}, where {@code canonical} is the compact UTF-8 JSON array
 * {@code [seq, id, occurredAt, caseId, caseNo, userId, agency, applicantMasked, source, recordType,
 * fields, purpose, legalBasis, outcome, detail, latencyMs]} ({@code occurredAt} as an ISO-8601 UTC
 * instant, absent values as {@code null}). The first entry's previous hash is {@link #GENESIS}.
 * An audit event's hash is built the same way from its own chain's previous hash and the array
 * {@code [seq, id, occurredAt, type, userId, agency, caseId, caseNo, subject, detail]}.
 * An auditor can recompute it from a CSV export with any SHA-256 tool.
 */
public final class ChainHash {

    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChainHash() {
    }

    public static String canonical(long seq, DataAccessEntry e) {
        return json(seq, e.id(), e.occurredAt() == null ? null : e.occurredAt().toString(),
                e.caseId(), e.caseNo(), e.userId(), e.agency(), e.applicantMasked(), e.source(), e.recordType(), e.fields(),
                e.purpose(), e.legalBasis(), e.outcome(), e.detail(), e.latencyMs());
    }

    public static String canonical(long seq, AuditEvent e) {
        return json(seq, e.id(), e.occurredAt() == null ? null : e.occurredAt().toString(), e.type(), e.userId(), e.agency(),
                e.caseId(), e.caseNo(), e.subject(), e.detail());
    }

    public static String of(String previousHash, long seq, DataAccessEntry entry) {
        return link(previousHash, canonical(seq, entry));
    }

    public static String of(String previousHash, long seq, AuditEvent event) {
        return link(previousHash, canonical(seq, event));
    }

    private static String json(Object... values) {
        try {
            return JSON.writeValueAsString(Arrays.asList(values));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String link(String previousHash, String canonical) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((previousHash + "\n" + canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }
}

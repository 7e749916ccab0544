package tw.kuayu.connectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The integrity mark of fetched evidence: SHA-256 over the canonical JSON of the record's data
 * (object keys sorted at every level, no insignificant whitespace, UTF-8, dates as ISO strings).
 * The same data gives the same hash whatever order its keys were put in.
 */
public final class EvidenceHashing {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .build();

    private EvidenceHashing() {
    }

    /** The canonical JSON text of {@code data}. */
    public static String canonicalJson(Map<String, ?> data) {
        try {
            return CANONICAL.writeValueAsString(data == null ? Map.of() : data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("evidence data is not serialisable as JSON", e);
        }
    }

    /** Hex SHA-256 (lower case) over the canonical JSON of {@code data}. */
    public static String sha256(Map<String, ?> data) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(canonicalJson(data).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

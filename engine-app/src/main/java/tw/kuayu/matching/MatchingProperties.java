package tw.kuayu.matching;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code kuayu.matching.*}: batch matching (勾稽). Which source, record type and fields each legal
 * basis allows and which agencies may use it is configuration ({@code rules}); a request outside
 * a rule is refused.
 *
 * @param maxPersons persons one upload may hold (default 10,000)
 * @param maxBytes   size of one upload (default 1 MB)
 * @param chunkSize  persons per engine job (default 50); each job is retried on its own
 */
@ConfigurationProperties("kuayu.matching")
public record MatchingProperties(Integer maxPersons, DataSize maxBytes, Integer chunkSize, List<Rule> rules) {

    public MatchingProperties {
        maxPersons = maxPersons == null ? 10_000 : maxPersons;
        maxBytes = maxBytes == null ? DataSize.ofMegabytes(1) : maxBytes;
        chunkSize = chunkSize == null || chunkSize < 1 ? 50 : chunkSize;
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /**
     * One legal basis for batch matching against a source.
     *
     * @param source     the agency source, e.g. {@code welfare}
     * @param recordType the record type asked, e.g. {@code low-income-status}
     * @param legalBasis the statute, as the submitter names it
     * @param fields     the fields this legal basis allows; a request may ask fewer, never more
     * @param agencies   the agencies whose staff may submit under it
     */
    public record Rule(String source, String recordType, String legalBasis, List<String> fields, List<String> agencies) {
        public Rule {
            fields = fields == null ? List.of() : List.copyOf(fields);
            agencies = agencies == null ? List.of() : List.copyOf(agencies);
        }
    }
}

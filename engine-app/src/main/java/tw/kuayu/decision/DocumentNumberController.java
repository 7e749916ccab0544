package tw.kuayu.decision;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/audit/document-numbers/unused} (auditors): document numbers reserved for a case that no
 * decision carries (decision 036), oldest first, with the case's status: a case still in progress may
 * yet use its number (its decision job waits for a retry); a closed one will not, and the number is the
 * agency's recorded gap. Checked against the agency's outgoing register (發文簿).
 */
@RestController
public class DocumentNumberController {

    static final int LIMIT = 1000;

    private final DocumentNumberMapper numbers;

    public DocumentNumberController(DocumentNumberMapper numbers) {
        this.numbers = numbers;
    }

    @GetMapping("/api/audit/document-numbers/unused")
    public List<DocumentNumberMapper.Unused> unused() {
        return numbers.unusedEverywhere(LIMIT);
    }
}

package tw.kuayu.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tw.kuayu.cases.IntakeRequest.Consent;
import tw.kuayu.notification.ChangeNotificationMapper.ConsentRow;

/** The applicant's consent to 通報 as recorded at intake (in the intake's transaction). */
@Component
public class NotificationConsents {

    static final int MAX_STATEMENT = 150;

    private final ChangeNotificationMapper mapper;

    public NotificationConsents(ChangeNotificationMapper mapper) {
        this.mapper = mapper;
    }

    /** What is wrong with an intake's consent, in the intake's error format; empty when none or fine. */
    public static List<String> problems(Consent consent) {
        List<String> errors = new ArrayList<>();
        if (consent == null) {
            return errors;
        }
        if (consent.notification() == null) {
            errors.add("consent.notification: 必填（true：申請人同意將本案異動通報相關機關；false：不同意）");
        }
        if (consent.statement() != null && consent.statement().codePointCount(0, consent.statement().length()) > MAX_STATEMENT) {
            errors.add("consent.statement: 不可超過 " + MAX_STATEMENT + " 字");
        }
        return errors;
    }

    public void record(String caseId, Consent consent, String recordedBy, Instant at) {
        String statement = consent.statement() == null || consent.statement().isBlank() ? null : consent.statement().strip();
        mapper.insertConsent(new ConsentRow(caseId, consent.notification(), statement, recordedBy, at));
    }
}

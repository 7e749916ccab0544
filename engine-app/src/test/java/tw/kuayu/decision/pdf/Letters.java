package tw.kuayu.decision.pdf;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Sample letters for the tests. */
final class Letters {

    static final String AGENCY = "臺北市稅捐稽徵處";
    static final String APPLICANT = "王小明";

    private Letters() {
    }

    /** A letter long enough to need two pages. */
    static DecisionLetter longLetter() {
        List<String> details = new ArrayList<>();
        details.add("台端於中華民國115年10月5日申請坐落本市大安區復興段二小段123地號土地按自用住宅用地稅率課徵地價稅，"
                + "經本處依職權向內政部戶政司及本市地政局查得台端及配偶、直系親屬於該地辦竣戶籍登記，且無出租或供營業使用情事，"
                + "核與土地稅法第9條及第17條規定相符，准自115年起按千分之二稅率課徵。");
        for (int i = 0; i < 7; i++) {
            details.add("本案所依據之戶籍及地籍資料，均由本處透過跨域系統向資料主管機關即時查詢取得，免附戶籍謄本及土地登記謄本；"
                    + "查詢紀錄已依個人資料保護法第15條及第16條規定載明蒐集目的及法律依據，並保存於案卷備查。"
                    + "如對本處分不服，得於收受本函之次日起30日內，依稅捐稽徵法第35條規定申請復查。第" + (i + 2) + "點補充說明。");
        }
        return new DecisionLetter(
                AGENCY,
                "北市稽財字第1150000123號",
                LocalDate.of(2026, 11, 27),
                "KY-115-000123",
                APPLICANT,
                "A12****789",
                "核定台端所有本市大安區復興段二小段123地號土地，自115年起按自用住宅用地稅率課徵地價稅，請查照。",
                details,
                "土地稅法第9條、第17條、第41條；土地稅法施行細則第11條。",
                List.of(
                        new DecisionLetter.Evidence("內政部戶政司", "戶籍資料（設籍地址、戶內人口）",
                                Instant.parse("2026-11-27T02:40:05Z"), LocalDate.of(2026, 11, 27),
                                "3f9a0c1de2b47788"),
                        new DecisionLetter.Evidence("臺北市政府地政局", "土地登記資料（所有權部）",
                                Instant.parse("2026-11-27T02:40:07Z"), LocalDate.of(2026, 11, 26),
                                "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90")),
                List.of(new DecisionLetter.SigningAgency(AGENCY, "處長"),
                        new DecisionLetter.SigningAgency("臺北市政府地政局", "局長")),
                "https://kuayu.example.gov.tw/verify/KY-115-000123");
    }

    /** A one-page letter. */
    static DecisionLetter shortLetter() {
        DecisionLetter l = longLetter();
        return new DecisionLetter(l.issuingAgency(), l.documentNumber(), l.issueDate(), l.caseNumber(),
                l.applicantName(), l.maskedNationalId(), l.subject(), l.details().subList(0, 1),
                l.legalBasis(), l.evidence(), l.signingAgencies(), l.verificationUrl());
    }
}

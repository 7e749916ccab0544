package tw.kuayu.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.CaseDriver;

/**
 * Runs a land-tax case for each demo applicant and a cross-agency referral to its decision with
 * the log captured, and finds none of the applicants' national IDs, names or the tax sample's figures
 * in it. (Log level info for tw.kuayu, as in the test profile.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataInLogsTest {

    /** National IDs, names and the stand-in tax sample's amounts (connectors' standin/tax.json). */
    static final List<String> PERSONAL = List.of("A123456789", "B234567890", "王小明", "林美惠",
            "168000", "1850000", "2300000", "16500000", "2800000");

    static final String PARCEL = "大安區龍泉段二小段0123-0000";

    @LocalServerPort
    int port;

    @Test
    void casesRunToTheirDecisionWithoutPersonalDataInTheLog(CapturedOutput output) {
        CaseDriver cases = new CaseDriver(port);

        String approved = cases.file("tax.clerk", "land-value-tax-self-use", "A123456789", "王小明", Map.of("parcelNo", PARCEL));
        cases.act(approved, "review", "tax.clerk", "approve", "資料相符，擬准。");
        cases.act(approved, "approve", "tax.chief", "approve", "准。");

        String rejected = cases.file("tax.clerk", "land-value-tax-self-use", "B234567890", "林美惠", Map.of("parcelNo", PARCEL));
        cases.act(rejected, "review", "tax.clerk", "reject", "設籍要件不符，擬駁回。");
        cases.act(rejected, "approve", "tax.chief", "approve", "如擬。");

        // cross-agency: the district office refers the case to the indigenous affairs commission (層轉); tax data is looked up.
        // (The welfare stand-in keeps office hours, so a joint review with it cannot run at any hour of a test run.)
        String referred = cases.file("district.clerk", "indigenous-housing-subsidy", "A123456789", "王小明",
                Map.of("propertyAddress", "臺北市大安區和平東路二段106號5樓", "purchaseDate", "1150301"));
        cases.act(referred, "review", "district.clerk", "refer", "申請人具原住民身分，層轉核示。");
        cases.act(referred, "referralRuling", "indigenous.officer", "approve", "准予補助。");

        cases.waitUntilClosed(approved, "tax.clerk");
        cases.waitUntilClosed(rejected, "tax.clerk");
        cases.waitUntilClosed(referred, "district.clerk");

        String log = output.getAll();
        assertThat(log).as("the run logged its work").contains("evidence lookup").contains("issued");
        for (String line : log.split("\\R")) {
            for (String personal : PERSONAL) {
                assertThat(line).as("personal data in a log line").doesNotContain(personal);
            }
        }
    }
}

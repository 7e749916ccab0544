package tw.kuayu.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tw.kuayu.connectors.standin.AgencyStandIn;
import tw.kuayu.connectors.standin.Fault;

/** 通報 through the same connectors: every source takes a change, acknowledges it once per id, and fails like a lookup. */
class ChangeNotificationTest extends StandInFixture {

    static ChangeNotification change(String id) {
        return new ChangeNotification(id, "115-IND-000001", ELIGIBLE, "residence-address",
                Map.of("propertyAddress", "臺北市大安區和平東路二段106號5樓"), "通報受補助住宅地址", "個人資料保護法第20條第1項第6款", "district.clerk");
    }

    @BeforeEach
    void clear() {
        standIn.clearNotifications();
    }

    @Test
    void everySourceAcknowledgesANotificationAndRecordsIt() {
        for (String source : AgencyStandIn.SOURCES) {
            NotificationReceipt receipt = connector(source, settings()).notify(change("n-" + source));
            assertThat(receipt.acknowledged()).as(source).isTrue();
            assertThat(receipt.receiptNo()).startsWith(source.toUpperCase());
            assertThat(receipt.acknowledgedAt()).isNotNull();
        }
        assertThat(standIn.notifications()).hasSize(AgencyStandIn.SOURCES.size()).allSatisfy(n -> {
            assertThat(n.applicantMasked()).isEqualTo("A12****789");
            assertThat(n.data()).containsEntry("propertyAddress", "臺北市大安區和平東路二段106號5樓");
            assertThat(n.legalBasis()).isEqualTo("個人資料保護法第20條第1項第6款");
            assertThat(n.caseNo()).isEqualTo("115-IND-000001");
        });
    }

    @Test
    void aSecondDeliveryOfTheSameNotificationGetsTheSameReceipt() {
        AgencyConnector household = connector("household", settings());
        NotificationReceipt first = household.notify(change("same"));
        NotificationReceipt again = household.notify(change("same"));
        assertThat(again.receiptNo()).isEqualTo(first.receiptNo());
        assertThat(standIn.notifications()).singleElement().satisfies(n -> assertThat(n.deliveries()).isEqualTo(2));
    }

    @Test
    void aDownSourceIsUnavailableAndNothingIsRecorded() {
        standIn.faults().set("household", Fault.down());
        assertThatThrownBy(() -> connector("household", settings()).notify(change("down")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(standIn.notifications()).isEmpty();
    }

    @Test
    void aNotificationWithoutFieldsIsRefusedBeforeAnythingIsSent() {
        ChangeNotification empty = new ChangeNotification("empty", "115-IND-000001", ELIGIBLE, "residence-address", Map.of(),
                "通報", "個人資料保護法第20條第1項第6款", null);
        assertThatThrownBy(() -> connector("tax", settings()).notify(empty))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REFUSED));
        assertThat(standIn.requestCount("tax")).isZero();
    }
}

package tw.kuayu.casetype;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.casetype.CatalogProperties.DataField;
import tw.kuayu.casetype.CatalogProperties.EvidenceSpec;

@RestController
public class CaseTypeController {

    private final Catalog catalog;

    public CaseTypeController(Catalog catalog) {
        this.catalog = catalog;
    }

    public record CaseTypeView(String key, String name, String ownerAgency, String ownerAgencyName, int statutoryDays,
                               String legalBasis, List<EvidenceSpec> requiredEvidence, List<DataField> dataFields) {
    }

    @GetMapping("/api/case-types")
    public List<CaseTypeView> caseTypes() {
        return catalog.caseTypes().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> new CaseTypeView(e.getKey(), e.getValue().name(), e.getValue().ownerAgency(),
                        catalog.agency(e.getValue().ownerAgency()).name(), e.getValue().statutoryDays(),
                        e.getValue().legalBasis(), e.getValue().evidence(), e.getValue().dataFields()))
                .toList();
    }
}

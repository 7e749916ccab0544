package tw.kuayu.casetype;

import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tw.kuayu.casetype.CatalogProperties.Agency;
import tw.kuayu.casetype.CatalogProperties.CaseType;

/** Looks up agencies and case types. Agency role groups are named {@code <agency>.<role>}. */
@Component
public class Catalog {

    private final CatalogProperties properties;

    public Catalog(CatalogProperties properties) {
        this.properties = properties;
    }

    public Optional<CaseType> caseType(String key) {
        return Optional.ofNullable(key).map(properties.caseTypes()::get);
    }

    public java.util.Map<String, CaseType> caseTypes() {
        return properties.caseTypes();
    }

    public Agency agency(String key) {
        Agency agency = properties.agencies().get(key);
        if (agency == null) {
            throw new IllegalStateException("Unknown agency '" + key + "': add it under kuayu.agencies");
        }
        return agency;
    }

    public Set<String> agencyKeys() {
        return properties.agencies().keySet();
    }

    public boolean isAgency(String groupId) {
        return properties.agencies().containsKey(groupId);
    }

    /** The candidate group of an agency's role, e.g. {@code tpe-tax.approver}. */
    public static String roleGroup(String agency, String role) {
        return agency + "." + role;
    }

    /** The agency a candidate group belongs to: {@code tpe-tax.approver} and {@code tpe-tax} both give {@code tpe-tax}. */
    public static String agencyOfGroup(String groupId) {
        int dot = groupId.indexOf('.');
        return dot < 0 ? groupId : groupId.substring(0, dot);
    }
}

package tw.kuayu.connectors.land;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import tw.kuayu.connectors.EvidenceRequest;
import tw.kuayu.connectors.HttpAgencyConnector;
import tw.kuayu.connectors.SourceSettings;

/**
 * 地政 land registry (臺北市政府地政局): an older vendor's XML service, real time.
 * {@code GET /land/LandQuery?owner={id}}; an empty {@code <Parcels count="0"/>} means no record.
 * Quirks absorbed here: ROC dates (yyyMMdd), Y/N flags, areas and shares as text.
 *
 * <p>Record type {@value #RECORD_TYPE}: {@code ownerName}, {@code parcelCount} and {@code parcels} (a list);
 * parcel attributes are requested as {@code parcels.<attribute>}, see {@link #FIELDS}.
 */
public final class LandConnector extends HttpAgencyConnector {

    public static final String SOURCE = "land";
    public static final String RECORD_TYPE = "land-ownership";
    public static final Set<String> FIELDS = Set.of(
            "ownerName", "parcelCount", "parcels",
            "parcels.parcelNo", "parcels.district", "parcels.section", "parcels.lotNo", "parcels.locationAddress",
            "parcels.areaM2", "parcels.ownershipShare", "parcels.shareNumerator", "parcels.shareDenominator",
            "parcels.zoning", "parcels.useCategory", "parcels.registeredOn", "parcels.registrationReason",
            "parcels.rented", "parcels.businessUse", "parcels.selfUse",
            "parcels.building", "parcels.building.buildingNo", "parcels.building.address",
            "parcels.building.floorAreaM2", "parcels.building.mainUse");

    public LandConnector(SourceSettings settings) {
        this(settings, null);
    }

    public LandConnector(SourceSettings settings, Clock clock) {
        super(SOURCE, "地政", "臺北市政府地政局", Map.of(RECORD_TYPE, FIELDS), settings, clock);
    }

    @Override
    protected Answer call(EvidenceRequest request) {
        HttpResponse<String> response = send(request("/land/LandQuery?owner=" + encode(request.nationalId())
                + "&caseNo=" + encode(request.caseNo()), request).GET().build());
        checkStatus(response);
        Element root = parse(response.body());
        String code = child(root, "ReturnCode");
        if ("E01".equals(code) || "E02".equals(code)) {
            throw refused(child(root, "ReturnMsg"));
        }
        if (!"0000".equals(code)) {
            throw badResponse("回應代碼 " + code, null);
        }
        String queryDate = child(root, "QueryDate");
        LocalDate asOf = queryDate == null ? null : LocalDate.parse(rocToIso(queryDate));
        Element parcelsElement = first(root, "Parcels");
        if (parcelsElement == null) {
            throw badResponse("缺少 Parcels", null);
        }
        List<Map<String, Object>> parcels = new ArrayList<>();
        NodeList nodes = parcelsElement.getElementsByTagName("Parcel");
        for (int i = 0; i < nodes.getLength(); i++) {
            parcels.add(parcel((Element) nodes.item(i)));
        }
        if (parcels.isEmpty()) {
            return new Answer(false, Map.of(), asOf);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        Element owner = first(root, "Owner");
        data.put("ownerName", owner == null ? null : child(owner, "OwnerName"));
        data.put("parcelCount", parcels.size());
        data.put("parcels", parcels);
        return new Answer(true, data, asOf);
    }

    private Map<String, Object> parcel(Element p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("parcelNo", child(p, "ParcelNo"));
        out.put("district", child(p, "District"));
        out.put("section", child(p, "Section"));
        out.put("lotNo", child(p, "LotNo"));
        out.put("locationAddress", child(p, "LocationAddress"));
        out.put("areaM2", number(child(p, "Area"), "Area"));
        String share = child(p, "Share");
        if (share == null || !share.matches("\\d+/\\d+")) {
            throw badResponse("持分格式錯誤：" + share, null);
        }
        String[] parts = share.split("/");
        out.put("ownershipShare", share);
        out.put("shareNumerator", Integer.parseInt(parts[0]));
        out.put("shareDenominator", Integer.parseInt(parts[1]));
        out.put("zoning", child(p, "Zoning"));
        out.put("useCategory", child(p, "UseCategory"));
        out.put("registeredOn", rocToIso(child(p, "RegDate")));
        out.put("registrationReason", child(p, "RegReason"));
        out.put("rented", flag(child(p, "Rented"), "Rented"));
        out.put("businessUse", flag(child(p, "BusinessUse"), "BusinessUse"));
        out.put("selfUse", flag(child(p, "SelfUse"), "SelfUse"));
        Element b = first(p, "Building");
        if (b != null) {
            Map<String, Object> building = new LinkedHashMap<>();
            building.put("buildingNo", child(b, "BuildNo"));
            building.put("address", child(b, "Address"));
            building.put("floorAreaM2", number(child(b, "FloorArea"), "FloorArea"));
            building.put("mainUse", child(b, "MainUse"));
            out.put("building", building);
        } else {
            out.put("building", null);
        }
        return out;
    }

    private boolean flag(String value, String name) {
        if ("Y".equals(value)) {
            return true;
        }
        if ("N".equals(value)) {
            return false;
        }
        throw badResponse(name + " 應為 Y 或 N：" + value, null);
    }

    private Double number(String value, String name) {
        if (value == null) {
            return null;
        }
        try {
            return Double.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw badResponse(name + " 不是數字：" + value, e);
        }
    }

    private Element parse(String body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Document document = builder.parse(new InputSource(new StringReader(body)));
            Element root = document.getDocumentElement();
            if (!"LandQueryResult".equals(root.getTagName())) {
                throw badResponse("根元素為 " + root.getTagName(), null);
            }
            return root;
        } catch (SAXException | IOException e) {
            throw badResponse("不是有效的 XML", e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be configured securely", e);
        }
    }

    private static Element first(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String child(Element parent, String name) {
        Element e = first(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}

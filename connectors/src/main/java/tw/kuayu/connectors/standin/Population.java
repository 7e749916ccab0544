package tw.kuayu.connectors.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import tw.kuayu.connectors.NationalId;

/**
 * A generated population for load tests: every valid national ID gets a record at every source,
 * derived deterministically from the ID and a seed (same seed, same answers). The shapes are the
 * same as in the sample resource files. Proportions are rough: 60% own land, 3% indigenous,
 * 10% own a company (4% a factory), 5% low-income, 4% middle-low-income.
 */
final class Population {

    private static final List<String> SURNAMES = List.of("陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊");
    private static final List<String> GIVEN = List.of("志明", "春嬌", "家豪", "怡君", "冠宇", "雅婷", "俊傑", "淑芬", "建宏", "美玲");
    private static final List<String> DISTRICTS = List.of("中正區", "大同區", "中山區", "松山區", "大安區", "萬華區", "信義區", "士林區", "北投區", "內湖區", "南港區", "文山區");
    private static final List<String> ROADS = List.of("忠孝東路四段", "羅斯福路三段", "民生東路二段", "承德路三段", "木柵路一段", "中山北路五段");
    private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO";

    private final long seed;
    private final ObjectMapper json;

    Population(long seed, ObjectMapper json) {
        this.seed = seed;
        this.json = json;
    }

    long seed() {
        return seed;
    }

    Optional<JsonNode> record(String source, String id) {
        if (!NationalId.isValid(id)) {
            return Optional.empty();
        }
        Person p = person(id);
        return Optional.ofNullable(switch (source) {
            case "household" -> household(p);
            case "land" -> p.ownsLand ? land(p) : null;
            case "tax" -> tax(p);
            case "business" -> p.company ? business(p) : null;
            case "welfare" -> welfare(p);
            default -> null;
        });
    }

    private record Person(String id, String name, boolean male, LocalDate birth, String district, String address,
            LocalDate since, int householdSize, boolean indigenous, boolean ownsLand, boolean landAtHome, boolean rented,
            int income, int realEstate, boolean company, boolean factory, int welfare, boolean disabled, long draw) {
    }

    private Person person(String id) {
        Random r = new Random(seed * 1_000_003L + id.hashCode());
        String name = SURNAMES.get(r.nextInt(SURNAMES.size())) + GIVEN.get(r.nextInt(GIVEN.size()));
        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(r.nextInt(365 * 65));
        String district = DISTRICTS.get(r.nextInt(DISTRICTS.size()));
        String address = "臺北市" + district + ROADS.get(r.nextInt(ROADS.size())) + (1 + r.nextInt(300)) + "號";
        int floor = 1 + r.nextInt(12);
        return new Person(id, name, id.charAt(1) == '1', birth, district, address + (floor > 1 ? floor + "樓" : ""),
                LocalDate.of(1990, 1, 1).plusDays(r.nextInt(365 * 35)), 1 + r.nextInt(5), r.nextInt(100) < 3,
                r.nextInt(100) < 60, r.nextBoolean(), r.nextInt(100) < 20, 80_000 + r.nextInt(3_000_000),
                r.nextInt(30_000_000), r.nextInt(100) < 10, r.nextInt(100) < 40, r.nextInt(100), r.nextInt(100) < 6,
                r.nextLong());
    }

    private String street(Person p) {
        int floorMark = p.address.indexOf("號");
        return p.address.substring(0, floorMark + 1);
    }

    private JsonNode household(Person p) {
        Random r = new Random(p.draw);
        ObjectNode n = json.createObjectNode();
        n.put("name", p.name).put("gender", p.male ? "男" : "女").put("birthDate", p.birth.toString())
                .put("registeredAddress", p.address).put("registeredSince", p.since.toString())
                .put("householdNo", "G" + (1_000_000 + r.nextInt(9_000_000)))
                .put("householdHeadId", p.id).put("householdHeadName", p.name).put("relationToHead", "戶長");
        ArrayNode members = n.putArray("members");
        members.addObject().put("name", p.name).put("relation", "戶長").put("nationalId", p.id).put("birthDate", p.birth.toString());
        for (int i = 1; i < p.householdSize; i++) {
            String relation = i == 1 ? "配偶" : (r.nextBoolean() ? "子" : "女");
            boolean male = i == 1 ? !p.male : relation.equals("子");
            members.addObject().put("name", SURNAMES.get(r.nextInt(SURNAMES.size())) + GIVEN.get(r.nextInt(GIVEN.size())))
                    .put("relation", relation).put("nationalId", randomId(r, male))
                    .put("birthDate", p.birth.plusYears(i == 1 ? 0 : 25 + r.nextInt(10)).toString());
        }
        ObjectNode status = n.putObject("indigenousStatus").put("indigenous", p.indigenous);
        if (p.indigenous) {
            status.put("ethnicGroup", "阿美族").put("category", r.nextBoolean() ? "平地原住民" : "山地原住民");
        } else {
            status.putNull("ethnicGroup").putNull("category");
        }
        return n;
    }

    private JsonNode land(Person p) {
        Random r = new Random(p.draw + 1);
        ObjectNode n = json.createObjectNode().put("ownerName", p.name);
        ObjectNode parcel = n.putArray("parcels").addObject();
        String location = p.landAtHome ? street(p) : "臺北市" + p.district + ROADS.get(r.nextInt(ROADS.size())) + (1 + r.nextInt(300)) + "號";
        parcel.put("district", p.district).put("section", "測試段" + (1 + r.nextInt(5)) + "小段")
                .put("lotNo", String.format("%04d-0000", r.nextInt(10_000))).put("locationAddress", location)
                .put("area", String.format("%.2f", 30 + r.nextInt(30_000) / 100.0)).put("share", r.nextInt(4) == 0 ? "1/2" : "1/1")
                .put("zoning", "第三種住宅區").put("useCategory", "住宅區").put("regDate", p.since.toString()).put("regReason", "買賣")
                .put("rented", p.rented).put("businessUse", false).put("selfUse", !p.rented && p.landAtHome);
        return n;
    }

    private JsonNode tax(Person p) {
        return json.createObjectNode().put("annualIncomeTwd", p.income).put("householdSize", p.householdSize)
                .put("movablePropertyTwd", p.income / 3).put("realEstateTwd", p.ownsLand ? p.realEstate : 0);
    }

    private JsonNode business(Person p) {
        Random r = new Random(p.draw + 2);
        String businessNo = String.format("%08d", r.nextInt(100_000_000));
        ObjectNode n = json.createObjectNode();
        n.putArray("Company_List").addObject().put("Business_Accounting_NO", businessNo)
                .put("Company_Name", p.name + "實業有限公司").put("Organization_Type", "有限公司").put("Responsible_Name", p.name)
                .put("Capital_Stock_Amount", 1_000_000 * (1 + r.nextInt(20))).put("Company_Status_Desc", "核准設立")
                .put("Company_Setup_Date", "1100101").put("Company_Location", street(p)).putArray("Business_Item").add("F401010 國際貿易業");
        ArrayNode factories = n.putArray("Factory_List");
        if (p.factory) {
            factories.addObject().put("Factory_Registration_NO", String.format("99%06d", r.nextInt(1_000_000)))
                    .put("Factory_Name", p.name + "實業有限公司工廠").put("Business_Accounting_NO", businessNo)
                    .put("Factory_Location", "臺北市內湖區新湖一路" + (1 + r.nextInt(200)) + "號").put("Land_Use_Zoning", "工業區")
                    .put("Land_Use_Zoning_Detail", "第二種工業區").put("Industry_Category", "25 金屬製品製造業")
                    .put("Factory_Status_Desc", "生產中").put("Registration_Date", "1110301");
        }
        return n;
    }

    private JsonNode welfare(Person p) {
        ObjectNode n = json.createObjectNode();
        ObjectNode low = n.putObject("low_income");
        if (p.welfare < 5) {
            low.put("status", "低收入戶").put("category", "第" + (1 + p.welfare % 3) + "款");
        } else if (p.welfare < 9) {
            low.put("status", "中低收入戶").putNull("category");
        } else {
            low.put("status", "非低收入戶或中低收入戶").putNull("category");
        }
        boolean approved = p.welfare < 9;
        low.put("household_size", p.householdSize);
        if (approved) {
            low.put("valid_from", "2026-01-01").put("valid_to", "2027-12-31");
        } else {
            low.putNull("valid_from").putNull("valid_to");
        }
        low.put("office", "臺北市" + p.district + "公所");
        ObjectNode disability = n.putObject("disability").put("disabled", p.disabled);
        if (p.disabled) {
            disability.put("level", "中度").put("category", "第7類").put("valid_to", "2029-06-30");
        } else {
            disability.putNull("level").putNull("category").putNull("valid_to");
        }
        return n;
    }

    private static String randomId(Random r, boolean male) {
        StringBuilder prefix = new StringBuilder().append(LETTERS.charAt(r.nextInt(22))).append(male ? '1' : '2');
        for (int i = 0; i < 7; i++) {
            prefix.append(r.nextInt(10));
        }
        for (int d = 0; d < 10; d++) {
            String candidate = prefix.toString() + d;
            if (NationalId.isValid(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no check digit");
    }
}

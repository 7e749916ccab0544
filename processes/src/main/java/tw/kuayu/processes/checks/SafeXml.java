package tw.kuayu.processes.checks;

import java.io.ByteArrayInputStream;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the file once with DTDs and external entities switched off, before anything else parses it: a
 * model with a DOCTYPE (the carrier of XXE and entity-expansion attacks) is refused, so Camunda's parser
 * never sees one. Public so the studio checks drafts and diffs its models the same way.
 */
public final class SafeXml {

    static final String DOCTYPE = "xml.doctype";
    static final String MALFORMED = "xml.malformed";

    private SafeXml() {
    }

    /** The problem of a file that is not safe, well-formed XML; empty when it may be given to a parser. */
    public static Optional<Problem> check(byte[] xml) {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setXMLResolver((publicId, systemId, base, namespace) -> {
            throw new XMLStreamException("external resources are not read");
        });
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    return Optional.of(fileProblem(DOCTYPE, "檔案含有 DOCTYPE 宣告；為防範外部實體（XXE）攻擊，流程模型不得含 DOCTYPE，請移除後再上傳。"));
                }
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    return Optional.of(fileProblem(DOCTYPE, "檔案含有未定義的實體參照（&…;），請移除後再上傳。"));
                }
            }
            return Optional.empty();
        } catch (XMLStreamException | RuntimeException e) {
            return Optional.of(fileProblem(MALFORMED, "檔案不是格式正確的 XML（" + position(e) + "），請以 Camunda Modeler 重新存檔後再上傳。"));
        } finally {
            close(reader);
        }
    }

    private static String position(Exception e) {
        if (e instanceof XMLStreamException x && x.getLocation() != null) {
            return "第 " + x.getLocation().getLineNumber() + " 行";
        }
        return "無法讀取";
    }

    private static Problem fileProblem(String code, String message) {
        return new Problem(Problem.FILE, null, code, message);
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing to release beyond the in-memory stream
            }
        }
    }
}

package tw.kuayu.browser;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/** What a BPMN file says apart from its diagram layout and formatting: one line per element, attributes sorted. */
final class ModelXml {

    private static final String DI = "http://www.omg.org/spec/BPMN/20100524/DI";
    /** BPMN attributes at their schema default, which bpmn-js leaves out when it writes a model. */
    private static final java.util.Set<String> DEFAULTS = java.util.Set.of("{null}isSequential=false",
            "{null}isInterrupting=true", "{null}cancelActivity=true", "{null}isForCompensation=false", "{null}triggeredByEvent=false");

    private ModelXml() {
    }

    static List<String> semantics(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        List<String> lines = new ArrayList<>();
        walk(root, "", lines);
        return lines;
    }

    private static void walk(Element element, String indent, List<String> lines) {
        if (DI.equals(element.getNamespaceURI())) {
            return;
        }
        TreeSet<String> attributes = new TreeSet<>();
        NamedNodeMap map = element.getAttributes();
        for (int i = 0; i < map.getLength(); i++) {
            Attr a = (Attr) map.item(i);
            String attribute = "{" + a.getNamespaceURI() + "}" + a.getLocalName() + "=" + a.getValue();
            if (!"http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI()) && !DEFAULTS.contains(attribute)) {
                attributes.add(attribute);
            }
        }
        List<Element> children = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
            }
        }
        String text = children.isEmpty() ? " \"" + element.getTextContent().trim() + "\"" : "";
        lines.add(indent + "{" + element.getNamespaceURI() + "}" + element.getLocalName() + " " + attributes + text);
        children.forEach(c -> walk(c, indent + "  ", lines));
    }
}

package tw.kuayu.connectors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data minimisation (比例原則): keeps only the requested fields of a source's answer.
 * A field is a top-level name ({@code members}: the whole value) or a dotted path
 * ({@code members.name}: only {@code name} inside {@code members}, applied to every element when
 * the value is a list). Requested fields that the answer does not contain are simply absent.
 */
public final class FieldSelector {

    private FieldSelector() {
    }

    public static Map<String, Object> select(Map<String, Object> full, Collection<String> fields) {
        return apply(full, tree(fields));
    }

    /** The requested fields as a tree; a null subtree means "the whole value". */
    private static Map<String, Map<String, Object>> tree(Collection<String> fields) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (String field : fields) {
            Map<String, Object> node = root;
            String[] parts = field.split("\\.");
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                boolean last = i == parts.length - 1;
                if (node.containsKey(part) && node.get(part) == null) {
                    break; // the whole value is already requested
                }
                if (last) {
                    node.put(part, null);
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(part, k -> new LinkedHashMap<String, Object>());
                    node = child;
                }
            }
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Map<String, Object>> typed = (Map) root;
        return typed;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> apply(Map<String, Object> full, Map<String, ? extends Map<String, Object>> tree) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Map<String, Object>> entry : tree.entrySet()) {
            String key = entry.getKey();
            if (!full.containsKey(key)) {
                continue;
            }
            Object value = full.get(key);
            Map<String, Map<String, Object>> sub = (Map<String, Map<String, Object>>) (Map<String, ?>) entry.getValue();
            out.put(key, sub == null ? value : narrow(value, sub));
        }
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Object narrow(Object value, Map<String, Map<String, Object>> sub) {
        if (value instanceof Map<?, ?> map) {
            return apply((Map<String, Object>) map, sub);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                out.add(narrow(element, sub));
            }
            return Collections.unmodifiableList(out);
        }
        return value;
    }
}

package tw.kuayu.security;

import jakarta.ws.rs.HttpMethod;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * Every (method, path) of a JAX-RS application, read from its resource classes with Jersey's own
 * resource model, following sub-resource locators (Camunda's REST API is almost entirely locators:
 * {@code /task} → {@code TaskRestService}, {@code /task/{id}} → {@code TaskResource}, ...). A new
 * engine endpoint therefore shows up here without anyone listing it.
 */
final class EngineRestEndpoints {

    /** {@code query}: a POST that takes a {@code ...QueryDto}, Camunda's POST twin of a list query. */
    record Endpoint(String method, String path, boolean query) implements Comparable<Endpoint> {
        Endpoint(String method, String path) {
            this(method, path, false);
        }

        @Override
        public int compareTo(Endpoint o) {
            return (path + " " + method).compareTo(o.path + " " + o.method);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Endpoint e && e.method.equals(method) && e.path.equals(path);
        }

        @Override
        public int hashCode() {
            return (method + " " + path).hashCode();
        }

        boolean isWrite() {
            return !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.OPTIONS) && !method.equals(HttpMethod.HEAD);
        }
    }

    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*([^}:\\s]+)\\s*(?::[^}]*)?}");

    private EngineRestEndpoints() {
    }

    /** The endpoints of these root resource classes, paths with normalised templates ({@code {id}}), including {@code /engine/{name}/...}. */
    static TreeSet<Endpoint> of(Iterable<Class<?>> rootClasses) {
        TreeSet<Endpoint> endpoints = new TreeSet<>();
        for (Class<?> root : rootClasses) {
            if (root.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                Resource resource = Resource.from(root);
                walk(resource, join("", resource.getPath()), endpoints, new HashSet<>(), 0);
            }
        }
        return endpoints;
    }

    /** {@code here}: the path of this resource, already joined (a locator's sub-resource keeps the locator's path, not its own). */
    private static void walk(Resource resource, String here, Set<Endpoint> out, Set<String> seen, int depth) {
        for (ResourceMethod m : resource.getResourceMethods()) {
            out.add(new Endpoint(m.getHttpMethod(), normalise(here), isQuery(m)));
        }
        ResourceMethod locator = resource.getResourceLocator();
        if (locator != null && depth < 10) {
            Class<?> type = locator.getInvocable().getRawResponseType();
            if (seen.add(type.getName() + "@" + here)) {
                // JAX-RS ignores a class-level @Path on a locator's sub-resource
                walk(Resource.builder(type).build(), here, out, seen, depth + 1);
            }
        }
        for (Resource child : resource.getChildResources()) {
            walk(child, join(here, child.getPath()), out, seen, depth + 1);
        }
    }

    /** Camunda's POST twins of list queries ({@code POST /task}, {@code POST /history/task/count}) take a {@code ...QueryDto} body. */
    private static boolean isQuery(ResourceMethod m) {
        return m.getHttpMethod().equals(HttpMethod.POST) && m.getInvocable().getParameters().stream()
                .anyMatch(p -> p.getRawType().getSimpleName().endsWith("QueryDto"));
    }

    private static String join(String prefix, String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return prefix;
        }
        return (prefix + "/" + path).replaceAll("/{2,}", "/").replaceAll("(.)/$", "$1");
    }

    private static String normalise(String path) {
        String p = path.isEmpty() ? "/" : path;
        Matcher m = TEMPLATE.matcher(p);
        return m.replaceAll("{$1}");
    }
}

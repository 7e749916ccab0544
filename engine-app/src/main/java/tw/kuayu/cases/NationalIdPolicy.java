package tw.kuayu.cases;

import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tw.kuayu.connectors.NationalId;

/** Which national IDs intake accepts: a correct check digit, or one of the configured exceptions (demo only). */
@Component
public class NationalIdPolicy {

    private final Set<String> exceptions;

    public NationalIdPolicy(@Value("${kuayu.national-id.accepted-exceptions:}") Set<String> exceptions) {
        this.exceptions = Set.copyOf(exceptions);
    }

    public boolean accepts(String id) {
        return NationalId.isValid(id) || (id != null && exceptions.contains(id));
    }
}
